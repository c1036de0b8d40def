/**
 * local.endpoint's fix through the built CLI when the endpoint comes from a configMapKeyRef:
 * the ConfigMap patch must set the key the Deployment reads (here `dynamodb.endpoint`), not a
 * key named after the variable, which nothing reads.
 */
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCheckJson } from '../helpers/cli.js';

const JAVA_OPTS = '              value: -XX:MaxRAMPercentage=75.0 -Djava.security.egd=file:/dev/urandom\n';
const KEY_REF = [
  '            - name: RETAIL_CART_PERSISTENCE_DYNAMODB_ENDPOINT',
  '              valueFrom:',
  '                configMapKeyRef:',
  '                  name: cart-settings',
  '                  key: dynamodb.endpoint',
  '',
].join('\n');
const SETTINGS = [
  '---',
  'apiVersion: v1',
  'kind: ConfigMap',
  'metadata:',
  '  name: cart-settings',
  '  namespace: carts',
  'data:',
  '  dynamodb.endpoint: http://carts-dynamodb:8080',
  '',
].join('\n');

describe('local.endpoint: an endpoint from a configMapKeyRef on the wrong port', () => {
  it('the fix patches that ConfigMap and key with the Service URL, then restarts', () => {
    const base = readFileSync('fixtures/k3s/healthy.yaml', 'utf8');
    expect(base).toContain(JAVA_OPTS);
    const file = join(mkdtempSync(join(tmpdir(), 'cd-keyref-')), 'carts.yaml');
    writeFileSync(file, `${base.replace(JAVA_OPTS, JAVA_OPTS + KEY_REF)}${base.endsWith('\n') ? '' : '\n'}${SETTINGS}`);
    const { status, report } = runCheckJson(['-f', file, '--platform', 'k3s', '--preset', 'retail-store']);
    const endpoint = report.checks.find((c) => c.id === 'local.endpoint')!;
    expect({ status, check: endpoint.status, message: endpoint.message }).toEqual({
      status: 1,
      check: 'fail',
      message: 'RETAIL_CART_PERSISTENCE_DYNAMODB_ENDPOINT = http://carts-dynamodb:8080 dials port 8080; Service carts-dynamodb listens on 8000.',
    });
    expect(endpoint.remediation).toBe(
      [
        '# Point RETAIL_CART_PERSISTENCE_DYNAMODB_ENDPOINT at the DynamoDB Service (it comes from ConfigMap/cart-settings.dynamodb.endpoint: change it there):',
        `kubectl -n carts patch configmap cart-settings --type=merge -p '{"data":{"dynamodb.endpoint":"http://carts-dynamodb:8000"}}'`,
        'kubectl -n carts rollout restart deployment/carts',
      ].join('\n'),
    );
  });
});
