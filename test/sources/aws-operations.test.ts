/**
 * src/sources/aws-operations.json is the one list of the AWS calls the doctor can send: the build
 * bundles each service's client with exactly these commands (scripts/bundle.mjs), so a name that
 * is not read-only must not get in, and each must be a command the SDK really has.
 */
import { describe, it, expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { CLIENT_CLASS, READ_ONLY_OPERATION } from '../../src/sources/aws-live.js';

const services = JSON.parse(readFileSync(new URL('../../src/sources/aws-operations.json', import.meta.url), 'utf8')) as Record<
  string,
  { client: string; operations: string[] }
>;
const rows = Object.entries(services).flatMap(([service, { operations }]) => operations.map((operation) => [service, operation] as const));
const require = createRequire(import.meta.url);

describe('the AWS operations the build bundles', () => {
  it('cover every service, with the client class the live source builds', () => {
    expect(Object.fromEntries(Object.entries(services).map(([service, { client }]) => [service, client]))).toEqual(CLIENT_CLASS);
  });

  it('the read-only rule refuses a writing call (so the check below can fail)', () => {
    expect(READ_ONLY_OPERATION.test('AttachRolePolicy')).toBe(false);
    expect(READ_ONLY_OPERATION.test('PutItem')).toBe(false);
  });

  it.each(rows)('%s:%s is read-only and an SDK command', (service, operation) => {
    expect(operation).toMatch(READ_ONLY_OPERATION);
    expect(typeof (require(`@aws-sdk/client-${service}`) as Record<string, unknown>)[`${operation}Command`]).toBe('function');
  });
});
