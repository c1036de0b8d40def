// The table helpers the table.* and policy checks share, tested directly: the region the app
// calls, the create-table command a fix prints, and whether the table ARN judged was seen.
import { describe, expect, it } from '@jest/globals';
import { createTableCommand, foundTable, tableArnSeen, tableRegion } from '../../../src/checks/lib/support.js';
import { PRESETS } from '../../../src/config/presets.js';
import { FactUnavailable } from '../../../src/errors.js';
import type { TableFact } from '../../../src/facts/types.js';
import { ACCOUNT, REGION, TABLE_ARN, contextWith } from '../../helpers/fake-facts.js';

const OTHER = 'eu-west-1';
const OTHER_ARN = TABLE_ARN.replace(REGION, OTHER);

describe('tableRegion', () => {
  it("is the app's region, saying where it comes from", async () => {
    const ctx = contextWith((v) => (v.appRegion = { region: OTHER, source: 'env', detail: `AWS_REGION=${OTHER} in the Deployment` }));
    expect(await tableRegion(ctx)).toEqual({ region: OTHER, why: `the app's region (AWS_REGION=${OTHER} in the Deployment)` });
  });

  it('is the target region when the app sets none, or its Deployment is unreadable', async () => {
    const none = contextWith((v) => (v.appRegion = { source: 'none', detail: 'no AWS_REGION' }));
    expect(await tableRegion(none)).toEqual({ region: REGION, why: 'the target region' });
    const unreadable = contextWith((v) => (v.appRegion = new FactUnavailable('denied', 'deployments get denied')));
    expect(await tableRegion(unreadable)).toEqual({ region: REGION, why: 'the target region' });
  });

  it('lets any other error through', async () => {
    const bug = new TypeError('bug');
    await expect(tableRegion(contextWith((v) => (v.appRegion = bug)))).rejects.toBe(bug);
  });
});

describe('foundTable', () => {
  it("reads the table in the app's region", async () => {
    const elsewhere = { name: 'Items', region: OTHER, found: false } as TableFact;
    const ctx = contextWith((v) => {
      v.appRegion = { region: OTHER, source: 'env', detail: 'x' };
      v.tables[OTHER] = elsewhere;
    });
    expect(await foundTable(ctx)).toEqual({ region: OTHER, table: elsewhere });
  });
});

describe('createTableCommand', () => {
  it('guide: the key, the billing mode, no GSI, one continued line per part', () => {
    const { target, expect: e } = PRESETS.guide;
    expect(createTableCommand(target, e, REGION)).toBe(
      [
        `aws dynamodb create-table --region ${REGION} --table-name Items`,
        '--attribute-definitions AttributeName=id,AttributeType=S',
        '--key-schema AttributeName=id,KeyType=HASH',
        '--billing-mode PAY_PER_REQUEST',
      ].join(' \\\n  '),
    );
  });

  it('retail-store: each GSI key defined once and the GSI itself', () => {
    const { target, expect: e } = PRESETS['retail-store'];
    expect(createTableCommand(target, e, OTHER)).toBe(
      [
        `aws dynamodb create-table --region ${OTHER} --table-name Items`,
        '--attribute-definitions AttributeName=id,AttributeType=S AttributeName=customerId,AttributeType=S',
        '--key-schema AttributeName=id,KeyType=HASH',
        '--billing-mode PAY_PER_REQUEST',
        `--global-secondary-indexes '[{"IndexName":"idx_global_customerId","KeySchema":[{"AttributeName":"customerId","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}]'`,
      ].join(' \\\n  '),
    );
  });

  it('two GSIs, one on the partition key: the attribute once, both indexes comma-separated', () => {
    const { target, expect: e } = PRESETS['retail-store'];
    const gsis = [...e.gsis, { name: 'by_id', hashKey: { name: 'id', type: 'S' as const } }];
    const command = createTableCommand({ ...target, table: 'Carts' }, { ...e, billingMode: 'PROVISIONED', gsis }, REGION);
    expect(command).toContain('--table-name Carts');
    expect(command).toContain('--attribute-definitions AttributeName=id,AttributeType=S AttributeName=customerId,AttributeType=S \\');
    expect(command).toContain('--billing-mode PROVISIONED');
    expect(command).toContain('"Projection":{"ProjectionType":"ALL"}},{"IndexName":"by_id"');
  });
});

describe('tableArnSeen', () => {
  it('the healthy table: observed, in the target region', async () => {
    const ctx = contextWith();
    expect(await tableArnSeen(ctx.facts)).toEqual({ arn: TABLE_ARN, observed: true, region: REGION, table: 'Items' });
  });

  it('not found: the ARN it would have, not observed', async () => {
    const ctx = contextWith((v) => (v.tables[REGION] = { name: 'Items', region: REGION, found: false } as TableFact));
    expect(await tableArnSeen(ctx.facts)).toMatchObject({ arn: TABLE_ARN, observed: false, region: REGION, table: 'Items' });
  });

  it('found, but with another ARN than the one judged: not observed', async () => {
    const ctx = contextWith((v) => (v.tables[REGION] = { ...(v.tables[REGION] as TableFact), arn: TABLE_ARN.replace(ACCOUNT, '444455556666') }));
    expect((await tableArnSeen(ctx.facts)).observed).toBe(false);
  });

  it("a global table's replica in another region: that replica read and compared, the replicas kept", async () => {
    const global = { version: '2019.11.21', replicas: [{ region: OTHER, status: 'ACTIVE' }] };
    const ctx = contextWith((v) => {
      v.tableArn = OTHER_ARN;
      v.tables[REGION] = { ...(v.tables[REGION] as TableFact), global };
      v.tables[OTHER] = { ...(v.tables[REGION] as TableFact), region: OTHER, arn: OTHER_ARN };
    });
    expect(await tableArnSeen(ctx.facts)).toEqual({ arn: OTHER_ARN, observed: true, region: OTHER, table: 'Items', global });
  });

  it('a replica region that cannot be read: not observed, never an error', async () => {
    const ctx = contextWith((v) => (v.tableArn = OTHER_ARN));
    expect(await tableArnSeen(ctx.facts)).toEqual({ arn: OTHER_ARN, observed: false, region: OTHER, table: 'Items' });
  });

  it('an ARN without a region: the target region', async () => {
    const ctx = contextWith((v) => (v.tableArn = `arn:aws:dynamodb::${ACCOUNT}:table/Items`));
    expect(await tableArnSeen(ctx.facts)).toMatchObject({ observed: false, region: REGION });
  });
});
