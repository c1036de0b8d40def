// What the resource-side layer checks (table.kms-key, network.vpc-endpoint) share about the IRSA
// caller, tested directly: the mutation run (npm run mutation) showed these helpers' branches
// and wording were only reached through those checks' broader cases.
import { describe, expect, it } from '@jest/globals';
import { describeUnknown, roleCallerOf, uniqueUnknowns } from '../../../src/checks/lib/role-caller.js';
import type { PolicySetup } from '../../../src/checks/lib/policy-analysis.js';
import type { UnknownCondition } from '../../../src/iam/types.js';

const setup = (roleArn: string | undefined, roleName = 'cart-dynamodb-role') => ({ roleName, ...(roleArn && { roleArn }) }) as PolicySetup;

describe('roleCallerOf', () => {
  it("is the role's ARN with its account, partition and name", () => {
    expect(roleCallerOf(setup('arn:aws-cn:iam::444455556666:role/service/cart-dynamodb-role'))).toEqual({
      roleArn: 'arn:aws-cn:iam::444455556666:role/service/cart-dynamodb-role',
      account: '444455556666',
      partition: 'aws-cn',
      roleName: 'cart-dynamodb-role',
    });
  });

  it('is undefined when the role ARN is unknown or not an ARN', () => {
    expect(roleCallerOf(setup(undefined))).toBeUndefined();
    expect(roleCallerOf(setup('cart-dynamodb-role'))).toBeUndefined();
  });
});

describe('describeUnknown / uniqueUnknowns', () => {
  const vpce: UnknownCondition = {
    statement: { source: 'key policy of alias/cart', index: 2, sid: 'ViaVpce' },
    operator: 'StringEquals',
    key: 'aws:SourceVpce',
    values: ['vpce-1', 'vpce-2'],
  };
  const ip: UnknownCondition = { statement: { source: 'the endpoint policy', index: 0 }, operator: 'IpAddress', key: 'aws:SourceIp', values: ['10.0.0.0/8'] };

  it('names the operator, key, values and the statement', () => {
    expect(describeUnknown(vpce)).toBe('StringEquals aws:SourceVpce ["vpce-1","vpce-2"] in key policy of alias/cart (Sid ViaVpce)');
    expect(describeUnknown(ip)).toBe('IpAddress aws:SourceIp ["10.0.0.0/8"] in the endpoint policy (statement #1)');
  });

  it('lists each condition once, in order', () => {
    expect(uniqueUnknowns([ip, vpce, { ...ip, statement: { ...ip.statement } }])).toEqual([describeUnknown(ip), describeUnknown(vpce)]);
  });
});
