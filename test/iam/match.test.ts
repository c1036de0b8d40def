// Matching rules that the mutation run (npm run mutation) showed no test pinned down.
import { describe, expect, it } from '@jest/globals';
import {
  ONE,
  STAR,
  actionMatches,
  escapedGlobTokens,
  globTokens,
  hasPolicyEscape,
  hasPolicyVariable,
  matchTokens,
  resourceMatches,
  splitArn,
  statementAppliesTo,
} from '../../src/iam/match.js';
import type { Statement } from '../../src/iam/types.js';

const TABLE = 'arn:aws:dynamodb:us-east-1:111122223333:table/Items';

describe('tokens', () => {
  it('globTokens turns * and ? into wildcards, escapedGlobTokens keeps ${*} ${?} ${$} literal', () => {
    expect(globTokens('a*?')).toEqual(['a', STAR, ONE]);
    expect(escapedGlobTokens('${*}x*${?}${$}${v}')).toEqual(['*', 'x', STAR, '?', '$', '$', '{', 'v', '}']);
    expect(escapedGlobTokens('plain*')).toEqual(['p', 'l', 'a', 'i', 'n', STAR]);
  });

  it('matchTokens folds case of literals only when asked', () => {
    expect(matchTokens(['A', ONE], 'ab', { ignoreCase: true })).toBe(true);
    expect(matchTokens(['A', ONE], 'ab', { ignoreCase: false })).toBe(false);
    expect(matchTokens([STAR, 'B'], 'aab', { ignoreCase: true })).toBe(true);
    expect(matchTokens([], '', { ignoreCase: false })).toBe(true);
    expect(matchTokens([], 'a', { ignoreCase: false })).toBe(false);
    expect(matchTokens([STAR, STAR], '', { ignoreCase: false })).toBe(true);
    expect(matchTokens(['a', STAR, 'b', STAR], 'axbyb', { ignoreCase: false })).toBe(true);
    expect(matchTokens(['a'], 'ab', { ignoreCase: false })).toBe(false);
  });

  it('policy variables and escapes are told apart', () => {
    expect([hasPolicyVariable('${aws:username}'), hasPolicyVariable('${*}'), hasPolicyVariable('${*}${x}'), hasPolicyVariable('$x')]).toEqual([
      true,
      false,
      true,
      false,
    ]);
    expect([hasPolicyEscape('${*}'), hasPolicyEscape('${?}'), hasPolicyEscape('${$}'), hasPolicyEscape('${x}'), hasPolicyEscape('*')]).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});

describe('actions and ARNs', () => {
  it('actionMatches needs service:action on both sides, except a bare *', () => {
    expect(actionMatches('*', 'anything')).toBe(true);
    expect(actionMatches('dynamodb*', 'dynamodb:GetItem')).toBe(false);
    expect(actionMatches('dynamodb:*', 'GetItem')).toBe(false);
    expect(actionMatches('*:GetItem', 'dynamodb:GetItem')).toBe(true);
    expect(actionMatches('dynamodb:GetItem', 'dynamodb:GetItems')).toBe(false);
    expect(actionMatches('dynamo:GetItem', 'dynamodb:GetItem')).toBe(false);
  });

  it('splitArn keeps colons in the resource and stops at five parts', () => {
    expect(splitArn('arn:aws:logs:us-east-1:1:log-group:g:*')).toEqual(['arn', 'aws', 'logs', 'us-east-1', '1', 'log-group:g:*']);
    expect(splitArn('arn:aws:s3')).toEqual(['arn', 'aws', 's3']);
    expect(splitArn('')).toEqual(['']);
  });

  it('resourceMatches compares the five header parts without case and the resource with case', () => {
    expect(resourceMatches('*', 'not-an-arn')).toBe(true);
    expect(resourceMatches('arn:*', 'not-an-arn')).toBe(false);
    expect(resourceMatches('ARN:AWS:DYNAMODB:US-EAST-1:111122223333:table/Items', TABLE)).toBe(true);
    expect(resourceMatches('arn:aws:dynamodb:us-east-1:111122223333:TABLE/Items', TABLE)).toBe(false);
    expect(resourceMatches('arn:aws-cn:dynamodb:us-east-1:111122223333:table/Items', TABLE)).toBe(false);
    expect(resourceMatches('arn:aws:dynamodb:us-east-1:111122223333', TABLE)).toBe(true);
    expect(resourceMatches('arn:aws:dynamodb:us-east-1:111122223333:table/Items:x', TABLE)).toBe(false);
  });

  it('resourceMatches reads ${...} by the version: a variable never matches, an escape is literal', () => {
    const literalStar = 'arn:aws:dynamodb:us-east-1:111122223333:table/${*}';
    expect(resourceMatches(literalStar, TABLE)).toBe(false);
    expect(resourceMatches(literalStar, 'arn:aws:dynamodb:us-east-1:111122223333:table/*')).toBe(true);
    // In a version without variables, ${*} is the three characters plus a wildcard.
    expect(resourceMatches(literalStar, 'arn:aws:dynamodb:us-east-1:111122223333:table/${Items}', { literalVariables: true })).toBe(true);
    expect(resourceMatches('arn:aws:dynamodb:${aws:region}:*:*', TABLE)).toBe(false);
    expect(resourceMatches('arn:aws:dynamodb:*:*:table/${x}', 'arn:aws:dynamodb:us-east-1:1:table/${x}', { literalVariables: true })).toBe(true);
  });
});

describe('statementAppliesTo', () => {
  const stmt = (draft: Partial<Statement>): Statement => ({ index: 0, effect: 'Allow', ...draft });
  it('needs Action or NotAction', () => {
    expect(statementAppliesTo(stmt({ resource: ['*'] }), 'dynamodb:GetItem', TABLE)).toBe(false);
  });
  it('without a resource to match (trust policies) looks at the action only', () => {
    expect(statementAppliesTo(stmt({ action: ['sts:*'], resource: ['arn:none'] }), 'sts:AssumeRole')).toBe(true);
    expect(statementAppliesTo(stmt({ notAction: ['sts:AssumeRole'] }), 'sts:AssumeRole')).toBe(false);
  });
  it('without Resource or NotResource covers any resource', () => {
    expect(statementAppliesTo(stmt({ action: ['dynamodb:*'] }), 'dynamodb:GetItem', TABLE)).toBe(true);
  });
  it('NotResource excludes what it lists', () => {
    expect(statementAppliesTo(stmt({ action: ['dynamodb:*'], notResource: ['arn:aws:s3:::*', TABLE] }), 'dynamodb:GetItem', TABLE)).toBe(false);
    expect(statementAppliesTo(stmt({ action: ['dynamodb:*'], notResource: ['arn:aws:s3:::*'] }), 'dynamodb:GetItem', TABLE)).toBe(true);
  });
  it('Resource lists any of several', () => {
    expect(statementAppliesTo(stmt({ action: ['dynamodb:*'], resource: ['arn:aws:s3:::*', TABLE] }), 'dynamodb:GetItem', TABLE)).toBe(true);
  });
});
