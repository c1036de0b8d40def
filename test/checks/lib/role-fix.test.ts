// The role a fix names and the commands that create it (sa.annotation, sa.exists print them),
// tested directly: the mutation run (npm run mutation) showed the placeholders, the role path
// and the comments saying what is unknown were asserted by no test.
import { describe, expect, it } from '@jest/globals';
import { createRoleCommands, roleArnForFix } from '../../../src/checks/lib/role-fix.js';
import type { ClusterFact, RoleRef, ServiceAccountFact } from '../../../src/facts/types.js';
import { ACCOUNT, ISSUER_HOST, ROLE_ARN, TABLE_ARN, contextWith, unavailable, type FactValues } from '../../helpers/fake-facts.js';

const cluster = (v: FactValues) => v.cluster as ClusterFact;
/** The run names the role by name only (`--role cart-dynamodb-role`): no ARN, no account. */
const byNameOnly = (v: FactValues) => (v.roleRef = { name: 'cart-dynamodb-role', partition: 'aws', from: 'flag' } satisfies RoleRef);

describe('roleArnForFix', () => {
  it('names the known role ARN, with nothing to fill in', async () => {
    expect(await roleArnForFix(contextWith())).toEqual({ arn: ROLE_ARN, unknown: '' });
  });

  it('names the known ARN as it is, path included', async () => {
    const arn = `arn:aws:iam::${ACCOUNT}:role/service/cart-dynamodb-role`;
    const ctx = contextWith((v) => (v.roleRef = { name: 'cart-dynamodb-role', arn, account: ACCOUNT, partition: 'aws', from: 'annotation' } satisfies RoleRef));
    expect(await roleArnForFix(ctx)).toEqual({ arn, unknown: '' });
  });

  it("builds the ARN from the reference's name and partition and the cluster's account", async () => {
    const ctx = contextWith((v) => {
      byNameOnly(v);
      Object.assign(cluster(v), { partition: 'aws-cn', account: '444455556666' });
    });
    expect(await roleArnForFix(ctx)).toEqual({ arn: 'arn:aws:iam::444455556666:role/cart-dynamodb-role', unknown: '' });
  });

  it("takes the cluster's partition when no reference names the role", async () => {
    const ctx = contextWith((v) => ((v.roleRef = undefined), Object.assign(cluster(v), { partition: 'aws-cn' })), 'guide', { role: 'cart-role' });
    expect(await roleArnForFix(ctx)).toEqual({ arn: `arn:aws-cn:iam::${ACCOUNT}:role/cart-role`, unknown: '' });
  });

  it("prefers the reference's account and partition to the cluster's", async () => {
    const ctx = contextWith((v) => (v.roleRef = { name: 'r', account: '999988887777', partition: 'aws-us-gov', from: 'annotation' } satisfies RoleRef));
    expect(await roleArnForFix(ctx)).toEqual({ arn: 'arn:aws-us-gov:iam::999988887777:role/r', unknown: '' });
  });

  it('takes the name from --role when no reference names the role, never an ARN given there', async () => {
    const named = contextWith((v) => (v.roleRef = undefined), 'guide', { role: 'cart-role' });
    expect(await roleArnForFix(named)).toEqual({ arn: `arn:aws:iam::${ACCOUNT}:role/cart-role`, unknown: '' });
    const arn = contextWith((v) => (v.roleRef = undefined), 'guide', { role: 'arn:aws:iam::1:role/x' });
    expect((await roleArnForFix(arn)).arn).toBe(`arn:aws:iam::${ACCOUNT}:role/<ROLE_NAME>`);
  });

  it('puts placeholders for what the run does not know, and says why in a comment', async () => {
    const ctx = contextWith((v) => {
      v.roleRef = unavailable('the ServiceAccount');
      v.cluster = unavailable('eks:DescribeCluster');
    });
    expect(await roleArnForFix(ctx)).toEqual({
      arn: 'arn:aws:iam::<ACCOUNT_ID>:role/<ROLE_NAME>',
      unknown:
        '# Fill in the placeholders: the account is unknown: no role ARN and no cluster ARN in this run; ' +
        'the role name is unknown: no valid role-arn annotation and no --role in this run.',
    });
  });

  it('names only the placeholder it needs', async () => {
    const noAccount = contextWith((v) => {
      byNameOnly(v);
      delete cluster(v).account;
    });
    expect(await roleArnForFix(noAccount)).toEqual({
      arn: 'arn:aws:iam::<ACCOUNT_ID>:role/cart-dynamodb-role',
      unknown: '# Fill in the placeholders: the account is unknown: no role ARN and no cluster ARN in this run.',
    });
  });
});

describe('createRoleCommands', () => {
  it("creates the role as the setup guide does, with this run's issuer, ServiceAccount, audience and table", async () => {
    const commands = await createRoleCommands(contextWith(), ROLE_ARN);
    expect(commands).toBe(
      [
        '# Create role cart-dynamodb-role as the setup guide does (trust policy of step 6, permissions of step 3), unless it exists by now:',
        "cat > trust.json <<'JSON'",
        JSON.stringify(
          {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER_HOST}` },
                Action: 'sts:AssumeRoleWithWebIdentity',
                Condition: {
                  StringEquals: { [`${ISSUER_HOST}:sub`]: 'system:serviceaccount:retail-store-prod:cart-sa', [`${ISSUER_HOST}:aud`]: 'sts.amazonaws.com' },
                },
              },
            ],
          },
          null,
          2,
        ),
        'JSON',
        'aws iam get-role --role-name cart-dynamodb-role >/dev/null 2>&1 ||',
        '  aws iam create-role --role-name cart-dynamodb-role --assume-role-policy-document file://trust.json',
        "cat > cart-dynamodb-access.json <<'JSON'",
        JSON.stringify(
          {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'CartTableAccess',
                Effect: 'Allow',
                Action: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query', 'Scan'].map((a) => `dynamodb:${a}`),
                Resource: TABLE_ARN,
              },
            ],
          },
          null,
          2,
        ),
        'JSON',
        'aws iam put-role-policy --role-name cart-dynamodb-role --policy-name cart-dynamodb-access --policy-document file://cart-dynamodb-access.json',
      ].join('\n'),
    );
  });

  it('keeps the path of the role ARN, and takes the audience from the ServiceAccount', async () => {
    const ctx = contextWith((v) => ((v.serviceAccount as ServiceAccountFact).annotations['eks.amazonaws.com/audience'] = ' sts.example.internal '));
    const commands = await createRoleCommands(ctx, `arn:aws:iam::${ACCOUNT}:role/service/cart/cart-role`);
    expect(commands).toContain('# Create role cart-role as the setup guide does');
    expect(commands).toContain('aws iam get-role --role-name cart-role >/dev/null 2>&1 ||\n');
    expect(commands).toContain('  aws iam create-role --role-name cart-role --path /service/cart/ --assume-role-policy-document file://trust.json');
    expect(commands).toContain(`"${ISSUER_HOST}:aud": "sts.example.internal"`);
    expect(commands).toContain('aws iam put-role-policy --role-name cart-role --policy-name cart-dynamodb-access');
  });

  it("strips the issuer's scheme (any case) and trailing slashes to get the provider host", async () => {
    const ctx = contextWith((v) => (cluster(v).issuer = `HTTPS://${ISSUER_HOST}//`));
    const commands = await createRoleCommands(ctx, ROLE_ARN);
    expect(commands).toContain(`"Federated": "arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER_HOST}"`);
    expect(commands).toContain(`"${ISSUER_HOST}:sub": "system:serviceaccount:retail-store-prod:cart-sa"`);
  });

  it("puts placeholders for the issuer and the table's ARN when the run does not know them, and says so", async () => {
    const ctx = contextWith((v) => {
      v.cluster = unavailable('eks:DescribeCluster');
      v.tableArn = unavailable('dynamodb:DescribeTable');
    });
    const commands = await createRoleCommands(ctx, 'arn:aws-cn:iam::444455556666:role/cart-role');
    expect(commands).toContain(
      'unless it exists by now:\n' +
        "# the cluster's OIDC issuer is unknown (no --cluster, or the cluster was not found): put its host in place of <OIDC_HOST>\n" +
        "# the table's ARN is unknown (no region or account in this run): put it in place of the placeholder\ncat > trust.json",
    );
    expect(commands).toContain('"Federated": "arn:aws-cn:iam::444455556666:oidc-provider/<OIDC_HOST>"');
    expect(commands).toContain('"<OIDC_HOST>:sub"');
    expect(commands).toContain('"Resource": "arn:aws-cn:dynamodb:<REGION>:444455556666:table/Items"');
  });

  it('says only what it does not know', async () => {
    const commands = await createRoleCommands(
      contextWith((v) => delete (v.cluster as ClusterFact).issuer),
      ROLE_ARN,
    );
    expect(commands).toContain('put its host in place of <OIDC_HOST>\ncat > trust.json');
    expect(commands).not.toContain("the table's ARN is unknown");
  });
});
