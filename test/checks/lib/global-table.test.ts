/**
 * lib/global-table: how the checks describe a version 2019.11.21 global table, find the target
 * region's view of the replica the app calls, and fix a replica by its ReplicaStatus.
 */
import { describe, expect, it } from '@jest/globals';
import {
  SERVING_REPLICA,
  addReplicaCommand,
  globalTableEvidence,
  globalTableSummary,
  pointAppAt,
  replicaProblem,
  replicaView,
} from '../../../src/checks/lib/global-table.js';
import type { TableFact } from '../../../src/facts/types.js';
import { REGION, contextWith, unavailable } from '../../helpers/fake-facts.js';
import { APP_REGION, makeGlobal, replica } from '../global-table-fixtures.js';

const POINT_AT = (region: string) =>
  `kubectl -n retail-store-prod set env deployment/cart-deployment AWS_REGION=${region}\nkubectl -n retail-store-prod rollout restart deployment/cart-deployment`;
const QUERY = `aws dynamodb describe-table --region ${REGION} --table-name Items --query "Table.Replicas[?RegionName=='${APP_REGION}']"`;
const WAIT = `aws dynamodb wait table-exists --region ${APP_REGION} --table-name Items`;
const MEANWHILE = `# Meanwhile, or instead, point the app at the replica in ${REGION}:\n${POINT_AT(REGION)}`;

describe('globalTableSummary and globalTableEvidence', () => {
  it('lists the other replicas with their status and progress, leaving out the region itself', () => {
    const g = { version: '2019.11.21', replicas: [replica(REGION), replica('us-east-1', 'CREATING', { percentProgress: '40' }), { region: 'us-west-2' }] };
    expect(globalTableSummary(g, REGION)).toBe('global table (version 2019.11.21; other replicas: us-east-1 CREATING (40%), us-west-2 of unknown status)');
  });
  it('says when no other replica is listed and no version reported', () => {
    expect(globalTableSummary({ replicas: [replica(REGION)] }, REGION)).toBe('global table (version not reported; other replicas: none listed)');
  });
  it('the evidence: version and replicas, null where not reported, a description only when there is one', () => {
    expect(globalTableEvidence({ replicas: [{ region: 'us-east-1' }, replica('eu-west-1', 'CREATION_FAILED', { statusDescription: 'KMS' })] })).toEqual({
      version: null,
      replicas: [
        { region: 'us-east-1', status: null },
        { region: 'eu-west-1', status: 'CREATION_FAILED', description: 'KMS' },
      ],
    });
  });
});

describe('replicaView', () => {
  it("the target region's global table and its replica in the region asked about", async () => {
    const ctx = contextWith((v) => makeGlobal(v, [replica(APP_REGION, 'CREATING')]));
    const view = await replicaView(ctx, APP_REGION);
    expect(view).toMatchObject({
      from: REGION,
      replica: { region: APP_REGION, status: 'CREATING' },
      table: { region: REGION, global: { version: '2019.11.21' } },
    });
  });
  it('a global table with no replica there: the view without a replica', async () => {
    const view = await replicaView(
      contextWith((v) => makeGlobal(v, [replica('us-east-1')])),
      APP_REGION,
    );
    expect(view?.from).toBe(REGION);
    expect(view && 'replica' in view).toBe(false);
  });
  it('none for the target region itself, a one-region table, a missing or unreadable table, or an unknown target region', async () => {
    expect(
      await replicaView(
        contextWith((v) => makeGlobal(v, [replica(APP_REGION)])),
        REGION,
      ),
    ).toBeUndefined();
    expect(await replicaView(contextWith(), APP_REGION)).toBeUndefined();
    expect(
      await replicaView(
        contextWith((v) => {
          makeGlobal(v, [replica(APP_REGION)]);
          (v.tables[REGION] as TableFact).found = false;
        }),
        APP_REGION,
      ),
    ).toBeUndefined();
    expect(
      await replicaView(
        contextWith((v) => (v.tables[REGION] = unavailable('dynamodb:DescribeTable'))),
        APP_REGION,
      ),
    ).toBeUndefined();
    expect(
      await replicaView(
        contextWith((v) => {
          makeGlobal(v, [replica(APP_REGION)]);
          v.region = unavailable('eks:DescribeCluster');
        }),
        APP_REGION,
      ),
    ).toBeUndefined();
  });
});

describe('commands', () => {
  it('addReplicaCommand runs in the region that manages the replica set', () => {
    expect(addReplicaCommand('Items', APP_REGION, REGION)).toBe(
      `aws dynamodb update-table --region ${REGION} --table-name Items --replica-updates '[{"Create":{"RegionName":"${APP_REGION}"}}]'`,
    );
  });
  it('pointAppAt sets AWS_REGION on the Deployment and restarts it', () => {
    expect(pointAppAt(contextWith(), APP_REGION)).toBe(POINT_AT(APP_REGION));
  });
  it('ACTIVE and UPDATING replicas serve, others do not', () => {
    expect([...SERVING_REPLICA].sort()).toEqual(['ACTIVE', 'UPDATING']);
  });
});

describe('replicaProblem: why and the fix, per ReplicaStatus', () => {
  const problem = (status: string | undefined, extra = {}) => replicaProblem(contextWith(), APP_REGION, { region: APP_REGION, status, ...extra }, REGION);

  it('CREATING', () => {
    expect(problem('CREATING')).toEqual({
      why: "the replica is still being created; until it is ACTIVE the app's calls there answer ResourceNotFoundException",
      fix: `# Wait until the replica in ${APP_REGION} is ACTIVE:\n${WAIT}\n${QUERY}`,
    });
  });
  it('CREATION_FAILED, with what DynamoDB said', () => {
    expect(problem('CREATION_FAILED', { statusDescription: 'KMS key not accessible' })).toEqual({
      why: 'creating the replica failed (KMS key not accessible)',
      fix:
        `# Read why it failed, fix that, then remove the failed replica and add it again:\n${QUERY}\n` +
        `aws dynamodb update-table --region ${REGION} --table-name Items --replica-updates '[{"Delete":{"RegionName":"${APP_REGION}"}}]'\n` +
        `${addReplicaCommand('Items', APP_REGION, REGION)}\n${WAIT}\n${MEANWHILE}`,
    });
  });
  it('DELETING', () => {
    expect(problem('DELETING')).toEqual({
      why: 'the replica is being deleted',
      fix: `# Point the app at a replica that stays, or add ${APP_REGION} again once the deletion is done:\n${POINT_AT(REGION)}`,
    });
  });
  it('REGION_DISABLED', () => {
    expect(problem('REGION_DISABLED')).toEqual({
      why: `region ${APP_REGION} is disabled for the account; after 20 hours DynamoDB removes the replica from the replication group`,
      fix: `# Enable the opt-in region ${APP_REGION} again (AWS Account Management), then check the replica:\naws account enable-region --region-name ${APP_REGION}\n${QUERY}\n${MEANWHILE}`,
    });
  });
  it('INACCESSIBLE_ENCRYPTION_CREDENTIALS, naming the key', () => {
    const key = 'arn:aws:kms:eu-west-1:111122223333:key/abcd';
    expect(problem('INACCESSIBLE_ENCRYPTION_CREDENTIALS', { kmsKeyId: key })).toEqual({
      why: `the replica's KMS key ${key} is inaccessible; after 20 hours DynamoDB removes the replica from the replication group`,
      fix:
        `# Make the replica's KMS key in ${APP_REGION} usable again: enable it (or cancel its deletion) and keep DynamoDB's grants in its key policy:\n` +
        `aws kms describe-key --region ${APP_REGION} --key-id ${key} --query KeyMetadata.KeyState\naws kms enable-key --region ${APP_REGION} --key-id ${key}\n${MEANWHILE}`,
    });
  });
  it('any other status, or none: said, with the query and where to point the app', () => {
    expect(problem('REPLICATION_NOT_AUTHORIZED')).toEqual({ why: 'its ReplicaStatus is REPLICATION_NOT_AUTHORIZED', fix: `${QUERY}\n${MEANWHILE}` });
    expect(problem(undefined).why).toBe('its ReplicaStatus is not reported');
  });
});
