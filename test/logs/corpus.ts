/**
 * Real-shaped log lines of a Cart pod, in the wordings of irsa.md §5, wrapped in the log
 * prefixes each stack prints (Spring Boot, Node JSON logs, Python tracebacks, Go's log
 * package). Each row says what the classifier must find; `noise` rows must find nothing.
 */
import type { LogSdk } from '../../src/logs/shapes.js';

export interface CorpusLine {
  name: string;
  line: string;
  /** Undefined: the line must not match anything. */
  shape?: string;
  symptom?: string;
  sdk?: LogSdk;
  fields?: Record<string, string>;
  /** The first check the hit points at. */
  first?: string;
  /** Lines that come just before (multi-line shapes such as Go v1's "caused by:"). */
  before?: string[];
}

const ACCT = '111122223333';
const TABLE = `arn:aws:dynamodb:ap-south-1:${ACCT}:table/Items`;
const SPRING = '2026-11-20T10:01:02.345Z ERROR 1 --- [cart] [nio-8080-exec-3] c.a.s.c.c.CartController                  :';

export const CORPUS: CorpusLine[] = [
  // Java v2 (the cart)
  {
    name: 'java-v2 no credentials (the webhook did not inject)',
    line: `${SPRING} software.amazon.awssdk.core.exception.SdkClientException: Unable to load credentials from any of the providers in the chain AwsCredentialsProviderChain(credentialsProviders=[SystemPropertyCredentialsProvider(), EnvironmentVariableCredentialsProvider(), WebIdentityTokenCredentialsProvider(), ProfileCredentialsProvider(), ContainerCredentialsProvider(), InstanceProfileCredentialsProvider()]) : [WebIdentityTokenCredentialsProvider(): Either the environment variable AWS_WEB_IDENTITY_TOKEN_FILE or the javaproperty aws.webIdentityTokenFile must be set., InstanceProfileCredentialsProvider(): Failed to load credentials from IMDS.]`,
    shape: 'no-credentials',
    symptom: 'Unable to locate credentials',
    sdk: 'java-v2',
    first: 'pods.identity',
    fields: { webIdentity: 'AWS_WEB_IDENTITY_TOKEN_FILE is not set: the webhook did not inject IRSA into this pod' },
  },
  {
    name: 'java-v2 AccessDenied by the IRSA role, identity policy',
    line: `${SPRING} software.amazon.awssdk.services.dynamodb.model.DynamoDbException: User: arn:aws:sts::${ACCT}:assumed-role/cart-dynamodb-role/aws-sdk-java-1732096862345 is not authorized to perform: dynamodb:PutItem on resource: ${TABLE} because no identity-based policy allows the dynamodb:PutItem action (Service: DynamoDb, Status Code: 400, Request ID: 8J0PJ3Q4N0GHS9V2K6A7B8C9D0EFG1HIJKLMNOPQRSTUV)`,
    shape: 'access-denied',
    symptom: 'AccessDeniedException',
    sdk: 'java-v2',
    first: 'policy.actions',
    fields: {
      action: 'dynamodb:PutItem',
      role: 'cart-dynamodb-role',
      table: 'Items',
      region: 'ap-south-1',
      account: ACCT,
      policyType: 'identity-based policy (no Allow)',
      credentialSource: 'IRSA web identity, AWS SDK for Java',
    },
  },
  {
    name: 'java-v2 AccessDenied on the GSI by the node role',
    line: `User: arn:aws:sts::${ACCT}:assumed-role/eksctl-cart-nodegroup-NodeInstanceRole-1X2Y3Z/i-0a1b2c3d4e5f60718 is not authorized to perform: dynamodb:Query on resource: ${TABLE}/index/idx_global_customerId because no identity-based policy allows the dynamodb:Query action (Service: DynamoDb, Status Code: 400, Request ID: ABC)`,
    shape: 'node-role',
    sdk: 'java-v2',
    first: 'pods.identity',
    fields: { session: 'i-0a1b2c3d4e5f60718', index: 'idx_global_customerId', table: 'Items', action: 'dynamodb:Query' },
  },
  {
    name: 'java-v2 STS trust refusal inside the chain',
    line: `${SPRING} software.amazon.awssdk.services.sts.model.StsException: Not authorized to perform sts:AssumeRoleWithWebIdentity (Service: Sts, Status Code: 403, Request ID: 2c9f8e7d-6b5a-4c3d-2e1f-0a9b8c7d6e5f)`,
    shape: 'sts-not-authorized',
    symptom: 'AccessDeniedException',
    sdk: 'java-v2',
    first: 'trust.principal',
  },
  {
    name: 'java-v2 local endpoint refused',
    line: `${SPRING} software.amazon.awssdk.core.exception.SdkClientException: Unable to execute HTTP request: Connect to carts-dynamodb:8000 [carts-dynamodb/10.100.12.7] failed: Connection refused`,
    shape: 'connection-refused',
    symptom: 'Connection refused',
    sdk: 'java-v2',
    first: 'env.local-endpoint',
    fields: { host: 'carts-dynamodb', port: '8000' },
  },
  {
    name: 'java-v2 region missing',
    line: `${SPRING} software.amazon.awssdk.core.exception.SdkClientException: Unable to load region from any of the providers in the chain software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain: [SystemSettingsRegionProvider: Unable to load region from system settings. Region must be specified either via environment variable (AWS_REGION) or system property (aws.region).]`,
    shape: 'region-missing',
    symptom: 'Unable to load region',
    sdk: 'java-v2',
    first: 'pods.identity',
  },
  {
    name: 'java-v2 missing GSI',
    line: `${SPRING} software.amazon.awssdk.services.dynamodb.model.DynamoDbException: The table does not have the specified index: idx_global_customerId (Service: DynamoDb, Status Code: 400, Request ID: X)`,
    shape: 'index-missing',
    symptom: 'ValidationException',
    sdk: 'java-v2',
    first: 'table.key-schema',
    fields: { index: 'idx_global_customerId' },
  },
  {
    name: 'java-v2 DynamoDB Local wording',
    line: `${SPRING} software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException: Cannot do operations on a non-existent table (Service: DynamoDb, Status Code: 400, Request ID: 1a2b)`,
    shape: 'dynamodb-local',
    symptom: 'Connection refused',
    sdk: 'java-v2',
    first: 'env.local-endpoint',
  },
  // Java v1
  {
    name: 'java-v1 STS trust refusal',
    line: 'com.amazonaws.services.securitytoken.model.AWSSecurityTokenServiceException: Not authorized to perform sts:AssumeRoleWithWebIdentity (Service: AWSSecurityTokenService; Status Code: 403; Error Code: AccessDenied; Request ID: 7f6e5d4c)',
    shape: 'sts-not-authorized',
    sdk: 'java-v1',
    first: 'trust.principal',
  },
  // JavaScript v3
  {
    name: 'js-v3 no credentials',
    line: '{"level":"error","time":1732096862345,"msg":"cart write failed","err":{"type":"CredentialsProviderError","message":"Could not load credentials from any providers","tryNextLink":false}}',
    shape: 'no-credentials',
    sdk: 'js-v3',
    first: 'pods.identity',
  },
  {
    name: 'js-v3 AccessDenied with an explicit deny',
    line: `{"level":"error","msg":"AccessDeniedException: User: arn:aws:sts::${ACCT}:assumed-role/cart-dynamodb-role/aws-sdk-js-session-1732096862345 is not authorized to perform: dynamodb:DeleteItem on resource: ${TABLE} with an explicit deny in an identity-based policy","$metadata":{"httpStatusCode":400}}`,
    shape: 'access-denied',
    sdk: 'js-v3',
    first: 'policy.actions',
    fields: {
      policyType: 'identity-based policy (explicit Deny)',
      credentialSource: 'IRSA web identity, AWS SDK for JavaScript v3',
      action: 'dynamodb:DeleteItem',
    },
  },
  {
    name: "java-v2 AccessDenied with an explicit deny in the table's resource policy",
    line: `${SPRING} software.amazon.awssdk.services.dynamodb.model.DynamoDbException: User: arn:aws:sts::${ACCT}:assumed-role/cart-dynamodb-role/aws-sdk-java-1732096862345 is not authorized to perform: dynamodb:PutItem on resource: ${TABLE} with an explicit deny in a resource-based policy (Service: DynamoDb, Status Code: 400, Request ID: 5JBOE2D3P4N6Q7R8S9T0U1V2W3X4Y5Z6AAAAAAAAAAAAAAAAAAAA)`,
    shape: 'access-denied',
    sdk: 'java-v2',
    first: 'table.resource-policy',
    fields: { policyType: "the table's resource-based policy (explicit Deny)", action: 'dynamodb:PutItem' },
  },
  {
    name: "js-v3 AccessDenied: no Allow in a cross-account table's resource policy",
    line: `{"level":"error","msg":"AccessDeniedException: User: arn:aws:sts::${ACCT}:assumed-role/cart-dynamodb-role/aws-sdk-js-session-1732096862345 is not authorized to perform: dynamodb:GetItem on resource: arn:aws:dynamodb:ap-south-1:444455556666:table/Items because no resource-based policy allows the dynamodb:GetItem action"}`,
    shape: 'access-denied',
    sdk: 'js-v3',
    first: 'table.resource-policy',
    fields: { policyType: "the table's resource-based policy (no Allow)", account: '444455556666' },
  },
  {
    name: 'java-v2 AccessDenied by a service control policy points at org.guardrails',
    line: `software.amazon.awssdk.services.dynamodb.model.DynamoDbException: User: arn:aws:sts::${ACCT}:assumed-role/cart-dynamodb-role/aws-sdk-java-1732096862345 is not authorized to perform: dynamodb:DeleteItem on resource: ${TABLE} with an explicit deny in a service control policy (Service: DynamoDb, Status Code: 400, Request ID: 8KJ3H2G1F0E9D8C7B6A5)`,
    shape: 'access-denied',
    first: 'org.guardrails',
    fields: { policyType: 'a service control policy (SCP) of the organization', action: 'dynamodb:DeleteItem' },
  },
  {
    name: 'js-v3 AccessDenied by a resource control policy points at org.guardrails',
    line: `{"level":"error","msg":"AccessDeniedException: User: arn:aws:sts::${ACCT}:assumed-role/cart-dynamodb-role/aws-sdk-js-session-1732096862345 is not authorized to perform: dynamodb:PutItem on resource: ${TABLE} with an explicit deny in a resource control policy"}`,
    shape: 'access-denied',
    first: 'org.guardrails',
    fields: { policyType: 'a resource control policy (RCP) of the organization', action: 'dynamodb:PutItem' },
  },
  {
    name: 'js-v3 local endpoint refused',
    line: '{"level":"error","msg":"connect ECONNREFUSED 127.0.0.1:8000","code":"ECONNREFUSED","errno":-111,"syscall":"connect","address":"127.0.0.1","port":8000}',
    shape: 'connection-refused',
    sdk: 'js-v3',
    first: 'env.local-endpoint',
    fields: { host: '127.0.0.1', port: '8000' },
  },
  {
    name: 'js-v3 endpoint host unknown',
    line: 'Error: getaddrinfo ENOTFOUND carts-dynamodb',
    shape: 'unknown-host',
    sdk: 'js-v3',
    first: 'env.local-endpoint',
    fields: { host: 'carts-dynamodb' },
  },
  {
    name: 'js-v3 region missing',
    line: '{"level":"error","msg":"Error: Region is missing"}',
    shape: 'region-missing',
    sdk: 'js-v3',
    first: 'pods.identity',
  },
  // boto3 / AWS CLI
  {
    name: 'boto3 no credentials',
    line: 'botocore.exceptions.NoCredentialsError: Unable to locate credentials',
    shape: 'no-credentials',
    symptom: 'Unable to locate credentials',
    sdk: 'boto3',
    first: 'pods.identity',
  },
  {
    name: 'boto3 STS trust refusal',
    line: 'botocore.exceptions.ClientError: An error occurred (AccessDenied) when calling the AssumeRoleWithWebIdentity operation: Not authorized to perform sts:AssumeRoleWithWebIdentity',
    shape: 'sts-not-authorized',
    sdk: 'boto3',
    first: 'trust.principal',
  },
  {
    name: 'boto3 no OIDC provider (new cluster id)',
    line: 'botocore.exceptions.ClientError: An error occurred (InvalidIdentityToken) when calling the AssumeRoleWithWebIdentity operation: No OpenIDConnect provider found in your account for https://oidc.eks.ap-south-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE',
    shape: 'no-oidc-provider',
    sdk: 'boto3',
    first: 'oidc.provider',
    fields: { issuer: 'https://oidc.eks.ap-south-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE' },
  },
  {
    name: 'boto3 wrong audience',
    line: 'botocore.exceptions.ClientError: An error occurred (InvalidIdentityToken) when calling the AssumeRoleWithWebIdentity operation: Incorrect token audience',
    shape: 'token-audience',
    sdk: 'boto3',
    first: 'oidc.provider',
  },
  {
    name: 'boto3 fake static keys',
    line: 'botocore.exceptions.ClientError: An error occurred (UnrecognizedClientException) when calling the GetItem operation: The security token included in the request is invalid.',
    shape: 'invalid-static-keys',
    sdk: 'boto3',
    first: 'env.static-credentials',
  },
  {
    name: 'aws cli table in another region',
    line: 'An error occurred (ResourceNotFoundException) when calling the DescribeTable operation: Requested resource not found: Table: Items not found',
    shape: 'table-not-found',
    symptom: 'ResourceNotFoundException',
    sdk: 'boto3',
    first: 'table.exists',
    fields: { table: 'Items' },
  },
  {
    name: 'boto3 region missing',
    line: 'botocore.exceptions.NoRegionError: You must specify a region.',
    shape: 'region-missing',
    sdk: 'boto3',
    first: 'pods.identity',
  },
  {
    name: 'boto3 malformed role-arn annotation',
    line: 'botocore.exceptions.ClientError: An error occurred (ValidationError) when calling the AssumeRoleWithWebIdentity operation: Request ARN is invalid',
    shape: 'invalid-role-arn',
    sdk: 'boto3',
    first: 'sa.annotation',
  },
  // Go v2
  {
    name: 'go-v2 no credentials',
    line: '2026/11/20 10:01:02 operation error DynamoDB: GetItem, get identity: get credentials: failed to refresh cached credentials, no EC2 IMDS role found, operation error ec2imds: GetMetadata, http response error StatusCode: 404, request to EC2 IMDS failed',
    shape: 'no-credentials',
    sdk: 'go-v2',
    first: 'pods.identity',
  },
  {
    name: 'go-v2 STS trust refusal',
    line: '2026/11/20 10:01:02 operation error DynamoDB: PutItem, get identity: get credentials: failed to refresh cached credentials, failed to retrieve credentials, operation error STS: AssumeRoleWithWebIdentity, https response error StatusCode: 403, RequestID: 1a2b3c4d, api error AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity',
    shape: 'sts-not-authorized',
    sdk: 'go-v2',
    first: 'trust.principal',
  },
  {
    name: 'go-v2 AccessDenied by a session policy (Pod Identity)',
    line: `2026/11/20 10:01:02 operation error DynamoDB: UpdateItem, https response error StatusCode: 400, RequestID: X, api error AccessDeniedException: User: arn:aws:sts::${ACCT}:assumed-role/cart-pod-identity-role/eks-cart-clust-cart-deplo-1a2b3c4d is not authorized to perform: dynamodb:UpdateItem on resource: ${TABLE} because no session policy allows the dynamodb:UpdateItem action`,
    shape: 'session-policy-denied',
    sdk: 'go-v2',
    first: 'identity.pod-identity',
  },
  // Go v1
  {
    name: 'go-v1 no credentials',
    line: 'NoCredentialProviders: no valid providers in chain. Deprecated.',
    shape: 'no-credentials',
    sdk: 'go-v1',
    first: 'pods.identity',
  },
  {
    name: 'go-v1 STS refusal on the "caused by" line',
    before: ['WebIdentityErr: failed to retrieve credentials'],
    line: 'caused by: AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity',
    shape: 'sts-not-authorized',
    sdk: 'go-v1',
    first: 'trust.principal',
  },
  // static keys: the principal is an IAM user
  {
    name: 'AccessDenied as an IAM user (static keys)',
    line: `User: arn:aws:iam::${ACCT}:user/local-dev is not authorized to perform: dynamodb:GetItem on resource: ${TABLE}`,
    shape: 'static-keys-user',
    first: 'env.static-credentials',
    fields: { user: 'local-dev' },
  },
  // noise
  {
    name: 'Spring Boot start-up',
    line: '2026-11-20T10:00:58.001Z  INFO 1 --- [cart] [main] c.a.s.c.CartApplication : Started CartApplication in 6.512 seconds (process running for 7.3)',
  },
  { name: 'a health check', line: '10.0.12.5 - - [20/Nov/2026:10:01:00 +0000] "GET /actuator/health HTTP/1.1" 200 15 "-" "kube-probe/1.31"' },
  {
    name: 'the persistence provider banner',
    line: '2026-11-20T10:00:57.120Z  INFO 1 --- [cart] [main] c.a.s.c.c.DynamoDBConfiguration : Using DynamoDB table Items in region ap-south-1',
  },
  {
    name: 'a retry notice without an error',
    line: '2026-11-20T10:01:03.000Z DEBUG 1 --- [cart] s.a.a.c.i.r.RetryableStageHelper : Retryable error detected. Will retry in 49ms. Request attempt number 2',
  },
  // The layers beyond the role's policies (issue #10): a VPC endpoint policy and the table's KMS key.
  {
    name: 'java-v2 AccessDenied by a VPC endpoint policy',
    line: `${SPRING} software.amazon.awssdk.services.dynamodb.model.DynamoDbException: User: arn:aws:sts::${ACCT}:assumed-role/cart-dynamodb-role/aws-sdk-java-1732096862345 is not authorized to perform: dynamodb:PutItem on resource: ${TABLE} with an explicit deny in a VPC endpoint policy (Service: DynamoDb, Status Code: 400, Request ID: ABC)`,
    shape: 'access-denied',
    symptom: 'AccessDeniedException',
    sdk: 'java-v2',
    first: 'network.vpc-endpoint',
    fields: { action: 'dynamodb:PutItem', policyType: 'a VPC endpoint policy' },
  },
  {
    name: 'js-v3 AccessDenied: no VPC endpoint policy allows',
    line: `{"level":"error","msg":"AccessDeniedException: User: arn:aws:sts::${ACCT}:assumed-role/cart-dynamodb-role/aws-sdk-js-session-1732096862345 is not authorized to perform: dynamodb:GetItem on resource: ${TABLE} because no VPC endpoint policy allows the dynamodb:GetItem action"}`,
    shape: 'access-denied',
    sdk: 'js-v3',
    first: 'network.vpc-endpoint',
  },
  {
    name: 'java-v2 AccessDenied on kms:Decrypt of the table key',
    line: `${SPRING} software.amazon.awssdk.services.dynamodb.model.DynamoDbException: User: arn:aws:sts::${ACCT}:assumed-role/cart-dynamodb-role/aws-sdk-java-1732096862345 is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:ap-south-1:${ACCT}:key/1234abcd-12ab-34cd-56ef-1234567890ab because no identity-based policy allows the kms:Decrypt action (Service: DynamoDb, Status Code: 400, Request ID: ABC)`,
    shape: 'access-denied',
    symptom: 'AccessDeniedException',
    sdk: 'java-v2',
    first: 'table.kms-key',
    fields: { action: 'kms:Decrypt' },
  },
  {
    name: "boto3 the table's KMS key is disabled",
    line: 'botocore.exceptions.ClientError: An error occurred (AccessDeniedException) when calling the GetItem operation: KMS key is disabled: arn:aws:kms:ap-south-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    shape: 'kms-key',
    symptom: 'AccessDeniedException',
    sdk: 'boto3',
    first: 'table.kms-key',
  },
];
