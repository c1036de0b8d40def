/**
 * An AWS answer without what the facts need is a failed read (`unusable`), never an empty fact
 * (issue 8, D2 and D3 as a snapshot replays them). The live side is test/live/aws-faults.test.ts.
 */
// @ts-nocheck

import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { FactUnavailable } from '../../src/errors.js';
import { assertUsableAnswer } from '../../src/facts/answers.js';
import type { AwsService } from '../../src/sources/types.js';
import { fixture, readRepoFile, runCheckJson } from '../helpers/cli.js';

const call = (service: AwsService, operation: string) => ({ service, operation, input: {} });
const doc = '%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D';

describe('assertUsableAnswer', () => {
  it.each<[AwsService, string, Record<string, unknown>, string]>([
    ['eks', 'DescribeCluster', { cluster: { arn: 'arn:aws:eks:ap-south-1:1:cluster/c' } }, 'cluster'],
    ['eks', 'ListPodIdentityAssociations', { associations: [{ associationId: 'a-1' }] }, 'associations'],
    ['eks', 'DescribePodIdentityAssociation', { association: { associationId: 'a-1' } }, 'association'],
    ['iam', 'GetRole', { Role: { RoleName: 'r', Arn: 'arn:aws:iam::1:role/r' } }, 'Role'],
    ['iam', 'ListAttachedRolePolicies', { AttachedPolicies: [{ PolicyArn: 'arn:aws:iam::1:policy/p' }] }, 'AttachedPolicies'],
    ['iam', 'ListRolePolicies', { PolicyNames: ['inline'] }, 'PolicyNames'],
    ['iam', 'GetPolicy', { Policy: { DefaultVersionId: 'v1' } }, 'Policy'],
    ['iam', 'GetPolicyVersion', { PolicyVersion: { Document: doc } }, 'PolicyVersion'],
    ['iam', 'GetRolePolicy', { PolicyDocument: { Version: '2012-10-17', Statement: [] } }, 'PolicyDocument'],
    ['iam', 'GetOpenIDConnectProvider', { ClientIDList: ['sts.amazonaws.com'] }, 'ClientIDList'],
    ['iam', 'ListOpenIDConnectProviders', { OpenIDConnectProviderList: [] }, 'OpenIDConnectProviderList'],
    ['dynamodb', 'DescribeTable', { Table: { TableName: 'Items', TableStatus: 'ACTIVE' } }, 'Table'],
  ])('%s:%s: a real answer passes; {} is unusable and names %s', (service, operation, good, key) => {
    expect(() => assertUsableAnswer(call(service, operation), good)).not.toThrow();
    let thrown: unknown;
    try {
      assertUsableAnswer(call(service, operation), {});
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(FactUnavailable);
    expect((thrown as FactUnavailable).kind).toBe('unusable');
    expect((thrown as FactUnavailable).message).toBe(
      `${service}:${operation} answered without ${key} — the answer is unusable (an HTML page, a proxy or a hand-edited snapshot?)`,
    );
  });

  it.each([
    [call('iam', 'GetRole'), { Role: { RoleName: 'r' } }, 'iam:GetRole answered without Role.Arn'],
    [call('dynamodb', 'DescribeTable'), { Table: null }, 'dynamodb:DescribeTable answered without Table'],
    [call('dynamodb', 'DescribeTable'), { Table: { TableName: 'Items' } }, 'dynamodb:DescribeTable answered without Table.TableStatus'],
    [call('iam', 'ListRolePolicies'), { PolicyNames: 'inline' }, 'iam:ListRolePolicies answered with PolicyNames that is not an array'],
    [
      call('iam', 'ListAttachedRolePolicies'),
      { AttachedPolicies: [{ PolicyArn: 'p' }, {}] },
      'iam:ListAttachedRolePolicies answered without AttachedPolicies[1].PolicyArn',
    ],
  ])('%j with %j: the message says what is missing', (c, out, message) => {
    expect(() => assertUsableAnswer(c, out)).toThrow(message);
  });

  it('a call without a known shape passes as it is', () => {
    expect(() => assertUsableAnswer(call('sts', 'GetCallerIdentity'), {})).not.toThrow();
  });
});

/** The healthy guide snapshot with one AWS entry's output or error replaced. */
function healthyWith(operation: string, entry: { output?: unknown; error?: { name: string } } | 'removed'): string {
  const snapshot = parse(readRepoFile(fixture('healthy-guide'))!) as { aws: Record<string, unknown>[] };
  const i = snapshot.aws.findIndex((e) => e.operation === operation);
  expect(i).toBeGreaterThanOrEqual(0);
  if (entry === 'removed') snapshot.aws.splice(i, 1);
  else {
    const { output: _o, error: _e, ...call } = snapshot.aws[i]!;
    snapshot.aws[i] = { ...call, ...entry };
  }
  const file = join(mkdtempSync(join(tmpdir(), 'cd-answers-')), `${operation}.yaml`);
  writeFileSync(file, stringify(snapshot));
  return file;
}

const statusOf = (run: ReturnType<typeof runCheckJson>, id: string) => run.report.checks.find((c) => c.id === id);

describe('replayed answers that parse to nothing (built CLI)', () => {
  it('the healthy guide snapshot itself passes (so the variants below fail for their one change)', () => {
    const run = runCheckJson(['--snapshot', fixture('healthy-guide')]);
    expect([run.status, statusOf(run, 'table.exists')?.status, statusOf(run, 'sa.annotation')?.status, statusOf(run, 'identity.pod-identity')?.status]).toEqual(
      [0, 'pass', 'pass', 'pass'],
    );
  });

  it('D3: `Table: null` for DescribeTable is an error, not a table that exists', () => {
    const run = runCheckJson(['--snapshot', healthyWith('DescribeTable', { output: { Table: null } })]);
    const exists = statusOf(run, 'table.exists')!;
    expect([run.status, exists.status, exists.evidence]).toEqual([2, 'error', { cause: 'unusable' }]);
    expect(exists.message).toContain('dynamodb:DescribeTable answered without Table');
  });

  it('D3: an empty GetRole answer is an error: no "role exists", no policy verdict', () => {
    const run = runCheckJson(['--snapshot', healthyWith('GetRole', { output: {} })]);
    const annotation = statusOf(run, 'sa.annotation')!;
    expect([run.status, annotation.status, annotation.evidence]).toEqual([2, 'error', { cause: 'unusable' }]);
    expect(annotation.message).not.toContain('role exists');
    expect(['policy.actions', 'policy.resource', 'region.match', 'trust.subject'].map((id) => statusOf(run, id)?.status)).toEqual([
      'error',
      'error',
      'error',
      'error',
    ]);
  });

  it.each([
    ['a recorded 500 (InternalFailure)', { error: { name: 'InternalFailure' } }, 'error', 2],
    ['a recorded throttle', { error: { name: 'ThrottlingException' } }, 'error', 2],
    ['an empty answer', { output: {} }, 'error', 2],
    ['an endpoint without the API (UnknownOperationException)', { error: { name: 'UnknownOperationException' } }, 'skip', 0],
    ['no entry at all (an older snapshot)', 'removed' as const, 'skip', 0],
  ])('D2: ListPodIdentityAssociations with %s: identity.pod-identity is %s, exit %i', (_what, entry, status, exit) => {
    const run = runCheckJson(['--snapshot', healthyWith('ListPodIdentityAssociations', entry)]);
    expect([run.status, statusOf(run, 'identity.pod-identity')?.status]).toEqual([exit, status]);
  });
});
