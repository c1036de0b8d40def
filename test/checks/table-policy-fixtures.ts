/**
 * Worlds with a table resource policy, for table.resource-policy and policy.actions: the
 * healthy fake world with GetResourcePolicy answered (raw JSON through the real parser, as
 * DynamoDB returns it), optionally with the table in another account.
 */
import type { PresetName } from '../../src/config/types.js';
import type { CheckContext } from '../../src/checks/lib/types.js';
import type { ResourcePolicyFact, TableFact } from '../../src/facts/types.js';
import { ACCOUNT, REGION, ROLE_ARN, TABLE_ARN, contextWith, type FactValues } from '../helpers/fake-facts.js';
import { parsed } from './iam-fixtures.js';

export { ROLE_ARN };
export const OTHER_ACCOUNT = '444455556666';
export const FOREIGN_TABLE_ARN = TABLE_ARN.replace(ACCOUNT, OTHER_ACCOUNT);
export const SESSION_ARN = `arn:aws:sts::${ACCOUNT}:assumed-role/cart-dynamodb-role/aws-sdk-java-1700000000000`;

/** A resource policy statement: `Principal` defaults to the role, Resource to the table and its indexes. */
export const stmt = (s: Record<string, unknown>): Record<string, unknown> => ({
  Effect: 'Allow',
  Principal: { AWS: ROLE_ARN },
  Resource: [TABLE_ARN, `${TABLE_ARN}/index/*`],
  ...s,
});

export function tablePolicyFact(resourceArn: string, statements: Record<string, unknown>[] | undefined): ResourcePolicyFact {
  if (!statements) return { resourceArn, found: false };
  const document = parsed(
    JSON.stringify({ Version: '2012-10-17', Statement: statements }),
    `the resource policy of table ${resourceArn.slice(resourceArn.lastIndexOf('/') + 1)}`,
  );
  return { resourceArn, found: true, document, revisionId: '1700000000000' };
}

/**
 * The world with the table's policy holding `statements` (undefined: no policy). `foreign`
 * moves the table to OTHER_ACCOUNT (statements' TABLE_ARN follows it).
 */
export function withTablePolicy(
  statements: Record<string, unknown>[] | undefined,
  options: { preset?: PresetName; foreign?: boolean; change?: (v: FactValues) => void } = {},
): CheckContext {
  return contextWith((v) => {
    const arn = options.foreign ? FOREIGN_TABLE_ARN : TABLE_ARN;
    if (options.foreign) {
      const table = v.tables[REGION] as TableFact;
      v.tables[REGION] = { ...table, arn, gsis: table.gsis.map((g) => ({ ...g, arn: g.arn?.replace(TABLE_ARN, arn) })) };
      v.tableArn = arn;
    }
    const moved = statements && JSON.parse(JSON.stringify(statements).replaceAll(TABLE_ARN, arn));
    v.resourcePolicy = tablePolicyFact(arn, moved);
    options.change?.(v);
  }, options.preset ?? 'guide');
}
