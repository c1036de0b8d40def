/**
 * Global-table worlds for the table and policy checks: the target region's table (ap-south-1)
 * is a version 2019.11.21 global table, and the app's AWS_REGION may point at another replica.
 */
import { REGION, TABLE_ARN, type FactValues } from '../helpers/fake-facts.js';
import type { ReplicaFact, TableFact } from '../../src/facts/types.js';

export const APP_REGION = 'eu-west-1';
export const REPLICA_ARN = TABLE_ARN.replace(`:${REGION}:`, `:${APP_REGION}:`);

export const replica = (region: string, status = 'ACTIVE', extra: Partial<ReplicaFact> = {}): ReplicaFact => ({ region, status, ...extra });

/** The ap-south-1 table made global, listing `replicas` (the other regions'). */
export function makeGlobal(v: FactValues, replicas: ReplicaFact[]): void {
  (v.tables[REGION] as TableFact).global = { version: '2019.11.21', replicas };
}

/**
 * The app's AWS_REGION set to eu-west-1, and DescribeTable there: the replica (`status`), not found,
 * or unreadable to the doctor. The store's tableArn() then names the replica's ARN when the
 * ap-south-1 table lists one there; the fake gives it as the store would.
 */
export function appInEuWest1(v: FactValues, there: { status: string } | 'missing' | Error, replicas: ReplicaFact[]): void {
  makeGlobal(v, replicas);
  v.appRegion = { region: APP_REGION, source: 'env', detail: `AWS_REGION=${APP_REGION} from the container env of container cart` };
  const home = v.tables[REGION] as TableFact;
  if (there instanceof Error) v.tables[APP_REGION] = there;
  else if (there === 'missing') v.tables[APP_REGION] = { ...home, region: APP_REGION, found: false, arn: undefined, status: undefined, global: undefined };
  else
    v.tables[APP_REGION] = {
      ...home,
      region: APP_REGION,
      arn: REPLICA_ARN,
      status: there.status,
      global: { version: '2019.11.21', replicas: [replica(REGION)] },
    };
  const listed = replicas.some((r) => r.region === APP_REGION);
  if (listed) v.tableArn = REPLICA_ARN;
}
