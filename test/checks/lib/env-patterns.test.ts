/**
 * Recognition of the Cart container's variables by pattern (docs/design/SPEC.md §2.1), and how a
 * check names or removes one: the env.* and local.* checks build on these.
 */
import { describe, expect, it } from '@jest/globals';
import {
  STATIC_CREDENTIALS,
  describeHit,
  findVars,
  isCreateTableFlag,
  isEndpointOverride,
  isTruthy,
  removalFor,
  shownValue,
  type Hit,
} from '../../../src/checks/lib/env-patterns.js';
import type { ContainerFact, DeploymentFact, EnvVar } from '../../../src/facts/types.js';

const TARGET = { namespace: 'carts', deployment: 'carts' } as Parameters<typeof removalFor>[1];
const variable = (name: string, extra: Partial<EnvVar> = {}): EnvVar => ({ name, value: 'x', source: 'env', redacted: false, resolved: true, ...extra });
const container = (name: string, env: EnvVar[], init = false): ContainerFact => ({ name, init, env, ownEnvNames: [], envFrom: [] });
const hit = (extra: Partial<EnvVar>, init = false): Hit => ({
  container: container(init ? 'setup' : 'cart', [], init),
  variable: variable('AWS_SECRET_ACCESS_KEY', extra),
});

describe('recognition by pattern', () => {
  it('endpoint variables: any *DYNAMODB*ENDPOINT*, AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_DYNAMODB', () => {
    const names = [
      'RETAIL_CART_PERSISTENCE_DYNAMODB_ENDPOINT',
      'DYNAMODB_LOCAL_ENDPOINT',
      'DYNAMODBENDPOINT',
      'dynamodb.endpoint',
      'AWS_ENDPOINT_URL',
      'AWS_ENDPOINT_URL_DYNAMODB',
      'AWS_ENDPOINT_URL_S3',
      'ENDPOINT_DYNAMODB',
      'AWS_ENDPOINT_URLS',
    ];
    expect(names.filter(isEndpointOverride)).toEqual([
      'RETAIL_CART_PERSISTENCE_DYNAMODB_ENDPOINT',
      'DYNAMODB_LOCAL_ENDPOINT',
      'DYNAMODBENDPOINT',
      'dynamodb.endpoint',
      'AWS_ENDPOINT_URL',
      'AWS_ENDPOINT_URL_DYNAMODB',
    ]);
  });
  it('create-table flags: *CREATE_TABLE* and *CREATETABLE*, any case', () => {
    expect(
      ['RETAIL_CART_PERSISTENCE_DYNAMODB_CREATE_TABLE', 'createTable', 'DYNAMO_CREATETABLE', 'CREATE__TABLE', 'TABLE_CREATE'].filter(isCreateTableFlag),
    ).toEqual(['RETAIL_CART_PERSISTENCE_DYNAMODB_CREATE_TABLE', 'createTable', 'DYNAMO_CREATETABLE']);
  });
  it('truthy: true, 1, yes, on, y in any case and padding; nothing else', () => {
    expect(['true', ' TRUE ', '1', 'Yes', 'on', 'y'].every(isTruthy)).toBe(true);
    expect(['false', '0', 'no', 'off', '', 'truee', 'xtrue', 'yes please', '11'].some(isTruthy)).toBe(false);
  });
  it('the static credentials are the key pair and the session token', () => {
    expect([...STATIC_CREDENTIALS].sort()).toEqual(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']);
  });
});

describe('shownValue', () => {
  it('an endpoint URL loses its userinfo and query; the host and port stay', () => {
    const shown = shownValue('AWS_ENDPOINT_URL', 'http://user:s3cret@carts-dynamodb:8000/?token=abc');
    expect(shown).toContain('carts-dynamodb:8000');
    expect(shown).not.toMatch(/s3cret|abc/);
  });
  it('any other value goes through the text redactor: a key-shaped value never shows', () => {
    expect(shownValue('RETAIL_CART_PERSISTENCE_DYNAMODB_CREATE_TABLE', 'true')).toBe('true');
    expect(shownValue('NOTE', 'key AKIAIOSFODNN7EXAMPLE here')).not.toContain('AKIAIOSFODNN7EXAMPLE');
    // Not an endpoint variable: its URL is redacted as text, which keeps a plain query.
    expect(shownValue('CALLBACK', 'http://host/?page=2')).toBe('http://host/?page=2');
    expect(shownValue('AWS_ENDPOINT_URL', 'http://host/?page=2')).not.toContain('page=2');
  });
});

describe('findVars', () => {
  it('every matching variable of every container, init containers too, with its container', () => {
    const d = {
      containers: [
        container('setup', [variable('AWS_ACCESS_KEY_ID')], true),
        container('cart', [variable('JAVA_OPTS'), variable('AWS_SECRET_ACCESS_KEY'), variable('AWS_SESSION_TOKEN')]),
      ],
    } as unknown as DeploymentFact;
    expect(findVars(d, (n) => STATIC_CREDENTIALS.has(n)).map((h) => `${h.container.name}:${h.variable.name}`)).toEqual([
      'setup:AWS_ACCESS_KEY_ID',
      'cart:AWS_SECRET_ACCESS_KEY',
      'cart:AWS_SESSION_TOKEN',
    ]);
  });
});

describe('describeHit', () => {
  it.each([
    [{ source: 'env' }, false, 'AWS_SECRET_ACCESS_KEY set in env in container cart'],
    [{ source: 'webhook' }, false, 'AWS_SECRET_ACCESS_KEY injected by the webhook in container cart'],
    [{ source: 'envFrom:secret', from: 'Secret/aws-creds' }, false, 'AWS_SECRET_ACCESS_KEY from Secret/aws-creds (envFrom) in container cart'],
    [{ source: 'env:secretKeyRef', from: 'Secret/aws-creds.secret' }, true, 'AWS_SECRET_ACCESS_KEY from Secret/aws-creds.secret (env) in init container setup'],
    [{ source: 'envFrom:configMap', from: undefined }, false, 'AWS_SECRET_ACCESS_KEY from ? (envFrom) in container cart'],
  ] as [Partial<EnvVar>, boolean, string][])('%j', (extra, init, text) => expect(describeHit(hit(extra, init))).toBe(text));
});

describe('removalFor', () => {
  it('a variable of the container spec (env or valueFrom) is unset on the Deployment, in its container', () => {
    expect(removalFor(hit({ source: 'env' }), TARGET)).toBe('kubectl -n carts set env deployment/carts -c cart AWS_SECRET_ACCESS_KEY-');
    expect(removalFor(hit({ source: 'env:secretKeyRef', from: 'Secret/aws-creds.secret' }, true), TARGET)).toBe(
      'kubectl -n carts set env deployment/carts -c setup AWS_SECRET_ACCESS_KEY-',
    );
  });
  it('a key of an envFrom ConfigMap is removed from that ConfigMap', () => {
    expect(removalFor(hit({ source: 'envFrom:configMap', from: 'ConfigMap/carts' }), TARGET)).toBe(
      `kubectl -n carts patch configmap carts --type=json -p '[{"op":"remove","path":"/data/AWS_SECRET_ACCESS_KEY"}]'   # or drop the envFrom`,
    );
  });
  it('a key of an envFrom Secret is removed from that Secret', () => {
    expect(removalFor(hit({ source: 'envFrom:secret', from: 'Secret/aws-creds' }), TARGET)).toBe(
      `kubectl -n carts patch secret aws-creds --type=json -p '[{"op":"remove","path":"/data/AWS_SECRET_ACCESS_KEY"}]'   # or drop the envFrom secretRef`,
    );
  });
});
