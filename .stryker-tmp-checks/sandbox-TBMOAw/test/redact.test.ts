// @ts-nocheck
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { isNeededValueName, keepEnvValue, redactText, redactUrl } from '../src/redact.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

describe('redactText: secret shapes the log scanner used to miss (D6)', () => {
  it.each([
    ['a session token in key=value', `aws_session_token=FwoGZXIvYXdzEJr//////////wEaDH7example0123456789abcdefghij`, 'FwoGZXIv'],
    ['a session token alone', `token IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ0123456789 here`, 'IQoJb3Jp'],
    ['X-Amz-Security-Token', '?X-Amz-Security-Token=shortTok3n&x=1', 'shortTok3n'],
    ['X-Amz-Signature', '&X-Amz-Signature=abc123def&X-Amz-Date=1', 'abc123def'],
    ['X-Amz-Credential', 'X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20240101%2Fus-east-1', 'AKIAIOSF'],
    ['a URL-encoded 40-character secret', `secret ${encodeURIComponent(SECRET)} end`, encodeURIComponent(SECRET).slice(0, 8)],
    ['a secret glued to a letter', `x${SECRET}`, SECRET.slice(0, 8)],
    ['an access key id glued to _prod', 'AKIAIOSFODNN7EXAMPLE_prod', 'AKIAIOSF'],
    ['aws_secret_access_key = …', `aws_secret_access_key = hunter2hunter2`, 'hunter2'],
    ['a JSON SessionToken', `{"SessionToken": "tok-value-1"}`, 'tok-value-1'],
    ['a bearer token', 'Authorization: Bearer eyJhbGciOi.payload.sig', 'eyJhbGci'],
    ['userinfo in a URL', 'http://admin:pa55word@localhost:8000', 'pa55word'],
    ['a PEM block', '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----', 'MIIEpAIB'],
    ['a PEM block cut before its end', '-----BEGIN PRIVATE KEY-----\nMIIEpAIBAAKCAQEA', 'MIIEpAIB'],
  ])('%s', (_name, text, secret) => {
    const out = redactText(text);
    expect(out).not.toContain(secret);
    expect(out).toContain('<redacted: ');
  });

  it.each([
    'User: arn:aws:sts::111122223333:assumed-role/cart-dynamodb-role/botocore-session-1700000000 is not authorized to perform: dynamodb:GetItem',
    'ExpiredTokenException: The security token included in the request is expired',
    'AWS_WEB_IDENTITY_TOKEN_FILE=/var/run/secrets/eks.amazonaws.com/serviceaccount/token',
    'Connect to carts-db:8000 [carts-db/10.0.0.1] failed: Connection refused',
    'software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException',
    'arn:aws:iam::111122223333:role/CartStackCartDynamoDBRole1A2B3C4D5E6F7G8H9',
  ])('keeps what explains the error: %s', (text) => {
    expect(redactText(text)).toBe(text);
  });

  it('is idempotent and never throws (1,000 generated inputs)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const once = redactText(text);
        expect(redactText(once)).toBe(once);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('redactUrl (D5)', () => {
  it('keeps scheme, host, port and path; drops userinfo, query and fragment', () => {
    expect(redactUrl('http://admin:pw@localhost:8000/x')).toBe('http://<redacted: userinfo>@localhost:8000/x');
    const presigned = redactUrl('https://dynamodb.us-east-1.amazonaws.com/?X-Amz-Security-Token=abc&X-Amz-Signature=def');
    expect(presigned).toBe('https://dynamodb.us-east-1.amazonaws.com/?<redacted: query>');
    expect(redactUrl('http://carts-db:8000')).toBe('http://carts-db:8000');
  });
});

describe('keepEnvValue: allowlist (D4)', () => {
  it.each([
    ['TABLE_NAME', 'Items'],
    ['RETAIL_CART_PERSISTENCE_DYNAMODB_TABLE_NAME', 'Items'],
    ['RETAIL_CART_PERSISTENCE_PROVIDER', 'dynamodb'],
    ['AWS_REGION', 'ap-south-1'],
    ['AWS_ROLE_ARN', 'arn:aws:iam::111122223333:role/cart'],
    ['AWS_WEB_IDENTITY_TOKEN_FILE', '/var/run/secrets/eks.amazonaws.com/serviceaccount/token'],
    ['AWS_STS_REGIONAL_ENDPOINTS', 'regional'],
    ['CARTS_CREATE_TABLE', 'true'],
    ['table-name', 'Items'],
  ])('keeps %s', (name, value) => {
    expect(keepEnvValue(name, value)).toBe(value);
  });

  it.each([['DB_PASS'], ['API_KEY'], ['AUTH_HEADER'], ['JAVA_OPTS'], ['AWS_SECRET_ACCESS_KEY'], ['awsAccessKeyId'], ['TABLE_PASSWORD']])(
    'replaces %s by a marker',
    (name) => {
      expect(keepEnvValue(name, 'v4lue')).toBe(`<redacted: value of ${name}>`);
      expect(isNeededValueName(name)).toBe(false);
    },
  );

  it('a needed name with a secret-shaped value is replaced; an endpoint loses userinfo and query', () => {
    expect(keepEnvValue('TABLE_NAME', SECRET)).toBe('<redacted: value of TABLE_NAME>');
    expect(keepEnvValue('AWS_ENDPOINT_URL_DYNAMODB', 'http://u:p@localhost:8000?sig=1')).toBe('http://<redacted: userinfo>@localhost:8000?<redacted: query>');
  });
});
