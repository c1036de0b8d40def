// Condition semantics that the mutation run (npm run mutation) showed no test pinned down:
// each case here kills at least one surviving mutant in src/iam/conditions.ts.
import { describe, expect, it } from '@jest/globals';
import { and, evaluateCondition, not, or } from '../../src/iam/conditions.js';
import { contextFrom } from '../../src/iam/evaluate.js';
import type { ConditionBlock, ContextValue, Tri } from '../../src/iam/types.js';

const ACCOUNT = '111122223333';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/cart-dynamodb-role`;

interface Case {
  name: string;
  /** A single value stands for a one-element list, as in a policy document. */
  condition: Record<string, Record<string, string | string[]>>;
  known?: Record<string, string | string[]>;
  absent?: string[];
  literalVariables?: boolean;
  value: Tri;
  falseKeys?: string[];
  /** Each test (operator and key, as written) that came out false. */
  falseTests?: { operator: string; key: string }[];
  unknownKeys?: string[];
}

function evaluate(c: Omit<Case, 'name' | 'value'>) {
  const absent = new Set((c.absent ?? []).map((k) => k.toLowerCase()));
  const ctx = contextFrom(c.known ?? {}, { absent: (k) => absent.has(k) });
  const block: ConditionBlock = Object.fromEntries(
    Object.entries(c.condition).map(([operator, keys]) => [
      operator,
      Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, Array.isArray(v) ? v : [v]])),
    ]),
  );
  return evaluateCondition(block, ctx, { source: 'p', index: 0 }, c.literalVariables ? { literalVariables: true } : {});
}

describe('three-valued and / or / not', () => {
  const values: Tri[] = ['true', 'false', 'unknown'];
  const rank = { false: 0, unknown: 1, true: 2 } as const;
  const byRank = (r: number): Tri => values.find((v) => rank[v] === r)!;
  it.each(values.flatMap((a) => values.map((b) => [a, b] as const)))('%s, %s', (a, b) => {
    // Kleene logic: and is the minimum, or the maximum, in false < unknown < true.
    expect(and(a, b)).toBe(byRank(Math.min(rank[a], rank[b])));
    expect(or(a, b)).toBe(byRank(Math.max(rank[a], rank[b])));
  });
  it('not swaps true and false and keeps unknown', () => {
    expect(values.map(not)).toEqual(['false', 'true', 'unknown']);
  });
});

const cases: Case[] = [
  // A failing key before a passing one: the block is still false, and the failing key is named.
  {
    name: 'a false key before a true key',
    condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1', 'aws:PrincipalAccount': ACCOUNT } },
    known: { 'aws:RequestedRegion': 'us-east-1', 'aws:PrincipalAccount': ACCOUNT },
    value: 'false',
    falseKeys: ['aws:RequestedRegion'],
  },
  {
    name: 'a false operator before a true operator',
    condition: { StringEquals: { a: 'x' }, StringLike: { b: 'y*' } },
    known: { a: 'z', b: 'yes' },
    value: 'false',
    falseKeys: ['a'],
  },
  {
    name: 'a key false under two operators is named once',
    condition: { StringEquals: { a: 'x' }, StringLike: { a: 'y*' } },
    known: { a: 'z' },
    value: 'false',
    falseKeys: ['a'],
  },
  {
    // One key under two operators, one admitting: only the false test is a reason.
    name: 'a key false under one operator and true under another: only the false test is named',
    condition: { StringLike: { a: 'y*' }, StringEquals: { a: 'x' } },
    known: { a: 'yes' },
    value: 'false',
    falseKeys: ['a'],
    falseTests: [{ operator: 'StringEquals', key: 'a' }],
  },
  {
    name: 'a key false under two operators: both tests named',
    condition: { StringEquals: { a: 'x' }, StringLike: { a: 'y*' } },
    known: { a: 'z' },
    value: 'false',
    falseTests: [
      { operator: 'StringEquals', key: 'a' },
      { operator: 'StringLike', key: 'a' },
    ],
  },
  { name: 'an empty condition block is true', condition: {}, value: 'true', falseKeys: [], unknownKeys: [] },
  // ArnLike / ArnEquals: every part must match, not just one.
  { name: 'ArnLike with the wrong account', condition: { ArnLike: { p: `arn:aws:iam::999999999999:role/cart-*` } }, known: { p: ROLE }, value: 'false' },
  { name: 'ArnEquals with the wrong role name', condition: { ArnEquals: { p: `arn:aws:iam::${ACCOUNT}:role/other` } }, known: { p: ROLE }, value: 'false' },
  { name: 'ArnEquals exact', condition: { ArnEquals: { p: ROLE } }, known: { p: ROLE }, value: 'true' },
  { name: 'ArnNotLike with the wrong account', condition: { ArnNotLike: { p: `arn:aws:iam::999999999999:role/*` } }, known: { p: ROLE }, value: 'true' },
  { name: 'ArnNotEquals on the same ARN', condition: { ArnNotEquals: { p: ROLE } }, known: { p: ROLE }, value: 'false' },
  { name: 'ArnLike against a request value that is not an ARN', condition: { ArnLike: { p: '*' } }, known: { p: 'not-an-arn' }, value: 'false' },
  { name: 'ArnLike with a policy value that is not an ARN', condition: { ArnLike: { p: 'role/*' } }, known: { p: ROLE }, value: 'false' },
  { name: 'ArnLike is case-sensitive', condition: { ArnLike: { p: ROLE.toUpperCase() } }, known: { p: ROLE }, value: 'false' },
  // String operators.
  { name: 'StringEquals is case-sensitive', condition: { StringEquals: { k: 'ABC' } }, known: { k: 'abc' }, value: 'false' },
  { name: 'StringEqualsIgnoreCase', condition: { StringEqualsIgnoreCase: { k: 'ABC' } }, known: { k: 'abc' }, value: 'true' },
  { name: 'StringNotEqualsIgnoreCase', condition: { StringNotEqualsIgnoreCase: { k: 'ABC' } }, known: { k: 'abc' }, value: 'false' },
  { name: 'StringNotEquals on another value', condition: { StringNotEquals: { k: 'a' } }, known: { k: 'b' }, value: 'true' },
  { name: 'StringLike is case-sensitive', condition: { StringLike: { k: 'A*' } }, known: { k: 'abc' }, value: 'false' },
  { name: 'StringNotLike on a match', condition: { StringNotLike: { k: 'a*' } }, known: { k: 'abc' }, value: 'false' },
  { name: 'operator names are case-insensitive', condition: { stringequals: { k: 'a' } }, known: { k: 'a' }, value: 'true' },
  { name: 'BinaryEquals compares the text', condition: { BinaryEquals: { k: 'QmluYXJ5' } }, known: { k: 'QmluYXJ5' }, value: 'true' },
  { name: 'BinaryEquals is case-sensitive', condition: { BinaryEquals: { k: 'QmluYXJ5' } }, known: { k: 'qmluyxj5' }, value: 'false' },
  { name: 'Bool folds case', condition: { Bool: { k: 'TRUE' } }, known: { k: 'true' }, value: 'true' },
  // Null tests presence.
  { name: 'Null true on an absent key', condition: { Null: { k: 'true' } }, absent: ['k'], value: 'true' },
  { name: 'Null true on a present key', condition: { Null: { k: 'true' } }, known: { k: 'x' }, value: 'false' },
  { name: 'Null false on a present key', condition: { Null: { k: 'false' } }, known: { k: 'x' }, value: 'true' },
  { name: 'Null false on an absent key', condition: { Null: { k: 'False' } }, absent: ['k'], value: 'false' },
  { name: 'Null with both values is true either way', condition: { Null: { k: ['true', 'false'] } }, absent: ['k'], value: 'true' },
  { name: 'Null on an empty value list counts as absent', condition: { Null: { k: 'true' } }, known: { k: [] }, value: 'true' },
  { name: 'Null on an unknown key', condition: { Null: { k: 'true' } }, value: 'unknown', unknownKeys: ['k'] },
  { name: 'ForAnyValue:Null is not an operator', condition: { 'ForAnyValue:Null': { k: 'true' } }, absent: ['k'], value: 'unknown' },
  // Absent keys per qualifier.
  { name: 'plain operator on an absent key', condition: { StringEquals: { k: 'a' } }, absent: ['k'], value: 'false', falseKeys: ['k'] },
  { name: 'negated operator on an absent key', condition: { StringNotEquals: { k: 'a' } }, absent: ['k'], value: 'true' },
  { name: 'IfExists on an absent key', condition: { StringEqualsIfExists: { k: 'a' } }, absent: ['k'], value: 'true' },
  { name: 'IfExists on a present key still tests it', condition: { StringEqualsIfExists: { k: 'a' } }, known: { k: 'b' }, value: 'false' },
  { name: 'ForAllValues on an absent key', condition: { 'ForAllValues:StringEquals': { k: 'a' } }, absent: ['k'], value: 'true' },
  { name: 'ForAnyValue on an absent key', condition: { 'ForAnyValue:StringEquals': { k: 'a' } }, absent: ['k'], value: 'false' },
  { name: 'ForAnyValue negated on an absent key', condition: { 'ForAnyValue:StringNotEquals': { k: 'a' } }, absent: ['k'], value: 'false' },
  // ForAnyValue / ForAllValues against the plain operator on a multi-valued key.
  { name: 'plain StringNotEquals with one listed value', condition: { StringNotEquals: { k: 'a' } }, known: { k: ['a', 'b'] }, value: 'false' },
  {
    name: 'ForAnyValue:StringNotEquals with one unlisted value',
    condition: { 'ForAnyValue:StringNotEquals': { k: 'a' } },
    known: { k: ['a', 'b'] },
    value: 'true',
  },
  {
    name: 'ForAnyValue:StringNotEquals with only listed values',
    condition: { 'ForAnyValue:StringNotEquals': { k: ['a', 'b'] } },
    known: { k: ['a', 'b'] },
    value: 'false',
  },
  {
    name: 'ForAllValues:StringNotEquals with one listed value',
    condition: { 'ForAllValues:StringNotEquals': { k: 'a' } },
    known: { k: ['a', 'b'] },
    value: 'false',
  },
  {
    name: 'ForAllValues:StringNotEquals with no listed value',
    condition: { 'ForAllValues:StringNotEquals': { k: 'a' } },
    known: { k: ['b', 'c'] },
    value: 'true',
  },
  { name: 'ForAllValues:StringEquals with all listed', condition: { 'ForAllValues:StringEquals': { k: ['a', 'b'] } }, known: { k: ['b', 'a'] }, value: 'true' },
  { name: 'ForAnyValue:StringEquals with none listed', condition: { 'ForAnyValue:StringEquals': { k: ['a'] } }, known: { k: ['b', 'c'] }, value: 'false' },
  { name: 'plain StringEquals matches any request value', condition: { StringEquals: { k: 'b' } }, known: { k: ['a', 'b'] }, value: 'true' },
  { name: 'plain StringEquals with no matching value', condition: { StringEquals: { k: 'z' } }, known: { k: ['a', 'b'] }, value: 'false' },
  { name: 'forallvalues: in lower case', condition: { 'forallvalues:stringequals': { k: 'a' } }, known: { k: ['a', 'b'] }, value: 'false' },
  { name: 'foranyvalue: in lower case', condition: { 'foranyvalue:stringequals': { k: 'b' } }, known: { k: ['a', 'b'] }, value: 'true' },
  {
    name: 'ForAllValues with an IfExists operator on a present key',
    condition: { 'ForAllValues:StringEqualsIfExists': { k: 'a' } },
    known: { k: ['a', 'b'] },
    value: 'false',
  },
  // Empty value lists: nothing to match.
  { name: 'Null with no values', condition: { Null: { k: [] } }, absent: ['k'], value: 'false' },
  { name: 'ForAllValues with no policy values', condition: { 'ForAllValues:StringEquals': { k: [] } }, known: { k: ['a'] }, value: 'false' },
  // Numbers.
  ...(
    [
      ['NumericEquals', true],
      ['NumericNotEquals', false],
      ['NumericLessThan', false],
      ['NumericLessThanEquals', true],
      ['NumericGreaterThan', false],
      ['NumericGreaterThanEquals', true],
    ] as const
  ).map(([operator, equal]): Case => ({
    name: `${operator} on equal numbers`,
    condition: { [operator]: { n: '10' } },
    known: { n: '10.0' },
    value: equal ? 'true' : 'false',
  })),
  { name: 'NumericGreaterThan on a larger number', condition: { NumericGreaterThan: { n: '10' } }, known: { n: '11' }, value: 'true' },
  { name: 'NumericLessThanEquals on a larger number', condition: { NumericLessThanEquals: { n: '10' } }, known: { n: '11' }, value: 'false' },
  { name: 'NumericEquals with exponent and sign', condition: { NumericEquals: { n: '+1e2' } }, known: { n: ' 100 ' }, value: 'true' },
  { name: 'NumericEquals with a leading-dot decimal', condition: { NumericEquals: { n: '.5' } }, known: { n: '0.5' }, value: 'true' },
  { name: 'NumericEquals with an empty request value', condition: { NumericEquals: { n: '0' } }, known: { n: '' }, value: 'false' },
  { name: 'NumericEquals with a negative number', condition: { NumericEquals: { n: '-3' } }, known: { n: '-3' }, value: 'true' },
  { name: 'NumericEquals with text after the number', condition: { NumericEquals: { n: '3' } }, known: { n: '3x' }, value: 'false' },
  { name: 'NumericEquals with text before the number', condition: { NumericEquals: { n: '3' } }, known: { n: 'x3' }, value: 'false' },
  // Dates: epoch seconds and ISO-8601 with offsets name the same instants.
  ...(
    [
      ['DateEquals', true],
      ['DateNotEquals', false],
      ['DateLessThan', false],
      ['DateLessThanEquals', true],
      ['DateGreaterThan', false],
      ['DateGreaterThanEquals', true],
    ] as const
  ).map(([operator, equal]): Case => ({
    name: `${operator} on the same instant`,
    condition: { [operator]: { t: '1704067200' } },
    known: { t: '2024-01-01T00:00:00Z' },
    value: equal ? 'true' : 'false',
  })),
  {
    name: 'DateLessThan on an earlier instant',
    condition: { DateLessThan: { t: '2024-01-01T00:00:00Z' } },
    known: { t: '2023-12-31T23:59:59Z' },
    value: 'true',
  },
  {
    name: 'DateGreaterThanEquals on an earlier instant',
    condition: { DateGreaterThanEquals: { t: '2024-01-01T00:00:00Z' } },
    known: { t: '2023-12-31T23:59:59Z' },
    value: 'false',
  },
  { name: 'epoch seconds with a fraction', condition: { DateEquals: { t: '1704067200.5' } }, known: { t: '2024-01-01T00:00:00.500Z' }, value: 'true' },
  { name: 'epoch seconds are not milliseconds', condition: { DateEquals: { t: '1704067200000' } }, known: { t: '2024-01-01T00:00:00Z' }, value: 'false' },
  { name: 'an offset with a colon', condition: { DateEquals: { t: '2024-01-01T01:00:00+01:00' } }, known: { t: '2024-01-01T00:00:00Z' }, value: 'true' },
  { name: 'an offset without a colon', condition: { DateEquals: { t: '2024-01-01T01:00:00+0100' } }, known: { t: '2024-01-01T00:00:00Z' }, value: 'true' },
  { name: 'a negative offset', condition: { DateEquals: { t: '2023-12-31T19:00:00-05:00' } }, known: { t: '1704067200' }, value: 'true' },
  { name: 'a lower-case z and a space separator', condition: { DateEquals: { t: '2024-01-01 00:00:00z' } }, known: { t: '1704067200' }, value: 'true' },
  { name: 'a date-time without seconds', condition: { DateEquals: { t: '2024-01-01T00:00' } }, known: { t: '1704067200' }, value: 'true' },
  { name: 'a date-time without an offset is UTC', condition: { DateEquals: { t: '2024-01-01T00:00:00' } }, known: { t: '1704067200' }, value: 'true' },
  { name: 'a date alone is midnight UTC', condition: { DateEquals: { t: '2024-01-01' } }, known: { t: '1704067200' }, value: 'true' },
  { name: 'a date with surrounding spaces', condition: { DateEquals: { t: ' 2024-01-01 ' } }, known: { t: '1704067200' }, value: 'true' },
  { name: 'a locale date is not a date', condition: { DateEquals: { t: 'Jan 1 2024' } }, known: { t: '1704067200' }, value: 'false' },
  { name: 'an impossible date is not a date', condition: { DateEquals: { t: '2024-13-45' } }, known: { t: '2024-13-45' }, value: 'false' },
  { name: 'a date with trailing text is not a date', condition: { DateEquals: { t: '2024-01-01x' } }, known: { t: '2024-01-01x' }, value: 'false' },
  { name: 'epoch with trailing text is not a date', condition: { DateEquals: { t: '1704067200s' } }, known: { t: '1704067200s' }, value: 'false' },
  // IP ranges.
  { name: 'IpAddress with a bare address', condition: { IpAddress: { ip: '192.0.2.7' } }, known: { ip: '192.0.2.7' }, value: 'true' },
  { name: 'IpAddress with another bare address', condition: { IpAddress: { ip: '192.0.2.7' } }, known: { ip: '192.0.2.8' }, value: 'false' },
  { name: 'IpAddress with a /0 prefix', condition: { IpAddress: { ip: '0.0.0.0/0' } }, known: { ip: '198.51.100.1' }, value: 'true' },
  { name: 'IpAddress with a /32 prefix', condition: { IpAddress: { ip: '192.0.2.7/32' } }, known: { ip: '192.0.2.7' }, value: 'true' },
  { name: 'IpAddress with a prefix over 32', condition: { IpAddress: { ip: '192.0.2.0/33' } }, known: { ip: '192.0.2.7' }, value: 'false' },
  { name: 'IpAddress with a non-numeric prefix', condition: { IpAddress: { ip: '192.0.2.0/x' } }, known: { ip: '192.0.2.7' }, value: 'false' },
  { name: 'IpAddress with a negative prefix', condition: { IpAddress: { ip: '0.0.0.0/-1' } }, known: { ip: '192.0.2.7' }, value: 'false' },
  { name: 'IpAddress with two slashes', condition: { IpAddress: { ip: '192.0.2.0/24/1' } }, known: { ip: '192.0.2.7' }, value: 'false' },
  { name: 'IpAddress across families', condition: { IpAddress: { ip: '::/0' } }, known: { ip: '192.0.2.7' }, value: 'false' },
  { name: 'IpAddress with a request value that is not an IP', condition: { IpAddress: { ip: '0.0.0.0/0' } }, known: { ip: 'localhost' }, value: 'false' },
  { name: 'IpAddress with spaces around the values', condition: { IpAddress: { ip: ' 192.0.2.0/24 ' } }, known: { ip: ' 192.0.2.7 ' }, value: 'true' },
  { name: 'IpAddress with an IPv6 /128 prefix', condition: { IpAddress: { ip: '2001:db8::1/128' } }, known: { ip: '2001:db8::1' }, value: 'true' },
  { name: 'IpAddress with an IPv6 prefix over 128', condition: { IpAddress: { ip: '2001:db8::/129' } }, known: { ip: '2001:db8::1' }, value: 'false' },
  { name: 'IpAddress outside an IPv6 range', condition: { IpAddress: { ip: '2001:db8::/32' } }, known: { ip: '2001:db9::1' }, value: 'false' },
  { name: 'NotIpAddress inside the range', condition: { NotIpAddress: { ip: '10.0.0.0/8' } }, known: { ip: '10.1.2.3' }, value: 'false' },
  // Policy variables.
  {
    name: 'a variable default on an unknown key',
    condition: { StringEquals: { k: "${aws:PrincipalTag/team, 'none'}" } },
    known: { k: 'none' },
    value: 'unknown',
    unknownKeys: ['k'],
  },
  {
    name: 'a variable default on a present key uses the value',
    condition: { StringEquals: { k: "${aws:PrincipalTag/team, 'none'}" } },
    known: { k: 'cart', 'aws:PrincipalTag/team': 'cart' },
    value: 'true',
  },
  {
    name: 'a variable default does not stand in for the value',
    condition: { StringEquals: { k: "${aws:PrincipalTag/team, 'none'}" } },
    known: { k: 'none', 'aws:PrincipalTag/team': 'cart' },
    value: 'false',
  },
  {
    name: 'a variable without default on an absent key',
    condition: { StringEquals: { k: '${aws:PrincipalTag/team}' } },
    known: { k: 'x' },
    absent: ['aws:principaltag/team'],
    value: 'unknown',
  },
  {
    name: 'a variable with several values is undecided',
    condition: { StringEquals: { k: '${aws:TagKeys}' } },
    known: { k: 'a', 'aws:TagKeys': ['a', 'b'] },
    value: 'unknown',
  },
  {
    name: 'a variable default without spaces',
    condition: { StringEquals: { k: "${aws:PrincipalTag/team,'none'}" } },
    known: { k: 'none' },
    absent: ['aws:principaltag/team'],
    value: 'true',
  },
  {
    name: 'a default followed by more text is no default',
    condition: { StringEquals: { k: "${aws:PrincipalTag/team, 'none'}x" } },
    known: { k: 'nonex' },
    absent: ['aws:principaltag/team'],
    value: 'true',
  },
  {
    name: 'a quote after the default is no default',
    condition: { StringEquals: { k: "${aws:PrincipalTag/team, 'none'x}" } },
    known: { k: 'none' },
    absent: ['aws:principaltag/team', "aws:principaltag/team, 'none'x"],
    value: 'unknown',
  },
  { name: 'spaces inside the braces', condition: { StringEquals: { k: '${ aws:username }' } }, known: { k: 'ann', 'aws:username': 'ann' }, value: 'true' },
  {
    name: 'a resolved StringLike stays case-sensitive',
    condition: { StringLike: { k: 'home/${aws:username}/*' } },
    known: { k: 'HOME/ann/x', 'aws:username': 'ann' },
    value: 'false',
  },
  {
    name: 'a variable name is case-insensitive',
    condition: { StringEquals: { k: 'u-${AWS:UserName}' } },
    known: { k: 'u-ann', 'aws:username': 'ann' },
    value: 'true',
  },
  {
    name: 'text before and after a variable',
    condition: { StringEquals: { k: 'a-${aws:username}-b' } },
    known: { k: 'a-ann-b', 'aws:username': 'ann' },
    value: 'true',
  },
  {
    name: 'two variables',
    condition: { StringEquals: { k: '${aws:username}/${aws:userid}' } },
    known: { k: 'ann/AID', 'aws:username': 'ann', 'aws:userid': 'AID' },
    value: 'true',
  },
  { name: 'the ${*} escape is a literal star in StringEquals', condition: { StringEquals: { k: 'a${*}' } }, known: { k: 'a*' }, value: 'true' },
  { name: 'the ${*} escape does not match a run in StringLike', condition: { StringLike: { k: 'a${*}' } }, known: { k: 'abc' }, value: 'false' },
  { name: 'the ${?} escape is a literal question mark', condition: { StringLike: { k: 'a${?}' } }, known: { k: 'a?' }, value: 'true' },
  {
    name: 'the policy star around a variable stays a wildcard',
    condition: { StringLike: { k: '*${aws:username}*' } },
    known: { k: 'xx-ann-yy', 'aws:username': 'ann' },
    value: 'true',
  },
  {
    name: 'a variable in StringEqualsIgnoreCase',
    condition: { StringEqualsIgnoreCase: { k: '${aws:username}' } },
    known: { k: 'ANN', 'aws:username': 'ann' },
    value: 'true',
  },
  {
    name: 'a variable in ArnLike',
    condition: { ArnLike: { p: `arn:aws:iam::\${aws:PrincipalAccount}:role/*` } },
    known: { p: ROLE, 'aws:PrincipalAccount': ACCOUNT },
    value: 'true',
  },
  {
    name: 'a variable in ArnLike for another account',
    condition: { ArnLike: { p: `arn:aws:iam::\${aws:PrincipalAccount}:role/*` } },
    known: { p: ROLE, 'aws:PrincipalAccount': '999999999999' },
    value: 'false',
  },
  {
    name: 'an escape in ArnLike with a variable is undecided',
    condition: { ArnLike: { p: `arn:aws:iam::\${aws:PrincipalAccount}:role/a\${*}` } },
    known: { p: ROLE, 'aws:PrincipalAccount': ACCOUNT },
    value: 'unknown',
  },
  {
    name: 'a variable in a version without variables is text',
    condition: { StringEquals: { k: '${aws:username}' } },
    known: { k: '${aws:username}', 'aws:username': 'ann' },
    literalVariables: true,
    value: 'true',
  },
  {
    name: 'a variable in a version without variables does not resolve',
    condition: { StringEquals: { k: '${aws:username}' } },
    known: { k: 'ann', 'aws:username': 'ann' },
    literalVariables: true,
    value: 'false',
  },
];

describe('evaluateCondition (cases found by mutation testing)', () => {
  it.each(cases)('$name', (c) => {
    const r = evaluate(c);
    expect(r.value).toBe(c.value);
    if (c.falseKeys) expect(r.falseKeys).toEqual(c.falseKeys);
    if (c.falseTests) expect(r.falseTests).toEqual(c.falseTests);
    if (c.unknownKeys) expect(r.unknown.map((u) => u.key)).toEqual(c.unknownKeys);
    // Unknowns are listed exactly when some key was undecided.
    if (c.value === 'unknown') expect(r.unknown.length).toBeGreaterThan(0);
    if (r.unknown.length === 0 && c.value !== 'false') expect(r.falseKeys).toEqual([]);
    // Every false key is named by at least one false test, and no other.
    expect([...new Set(r.falseTests.map((t) => t.key))]).toEqual(r.falseKeys);
  });

  it('looks policy variables up in lower case', () => {
    const seen: string[] = [];
    const ctx = (k: string): ContextValue => (seen.push(k), k === 'k' || k === 'aws:username' ? { kind: 'value', values: ['ann'] } : { kind: 'unknown' });
    expect(evaluateCondition({ StringEquals: { K: ['${AWS:UserName}'] } }, ctx, { source: 'p', index: 0 }).value).toBe('true');
    expect(seen).toEqual(['k', 'aws:username']);
  });

  it('without a block the condition is true', () => {
    expect(evaluateCondition(undefined, contextFrom({}), { source: 'p', index: 0 })).toEqual({ value: 'true', unknown: [], falseKeys: [], falseTests: [] });
  });
});
