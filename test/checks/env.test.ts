import { describe } from '@jest/globals';
import staticCreds from '../../src/checks/env.static-credentials.js';
import localEndpoint from '../../src/checks/env.local-endpoint.js';
import createTable from '../../src/checks/env.create-table.js';
import tableName from '../../src/checks/env.table-name.js';
import { contextWith, unavailable, type FactValues } from '../helpers/fake-facts.js';
import { checkCases } from '../helpers/check-cases.js';
import type { DeploymentFact, EnvVar } from '../../src/facts/types.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG';
const cart = (v: FactValues) => (v.deployment as DeploymentFact).containers[0]!;
const add = (...vars: EnvVar[]) => (v: FactValues) => {
  cart(v).env.push(...vars);
};
const fromConfigMap = (name: string, value: string, cm = 'cart-config'): EnvVar => ({ name, value, source: 'envFrom:configMap', from: `ConfigMap/${cm}`, redacted: false, resolved: true });
const fromSecret = (name: string): EnvVar => ({ name, source: 'envFrom:secret', from: 'Secret/aws-creds', redacted: true, resolved: true });
const missingDeployment = (v: FactValues) => ((v.deployment as DeploymentFact).found = false);
const setRetail = (name: string, value: string | undefined) => (v: FactValues) => {
  const e = cart(v).env;
  const i = e.findIndex((x) => x.name === name);
  if (value === undefined) e.splice(i, 1);
  else e[i] = { ...e[i]!, value };
};

describe('env.static-credentials', () =>
  checkCases(staticCreds, [
    { name: 'no keys', ctx: () => contextWith(), status: 'pass' },
    { name: 'keys from a Secret via envFrom', ctx: () => contextWith(add(fromSecret('AWS_ACCESS_KEY_ID'), fromSecret('AWS_SECRET_ACCESS_KEY'))), status: 'fail', message: ['AWS_SECRET_ACCESS_KEY from Secret/aws-creds'], never: [SECRET] },
    { name: 'inline env key', ctx: () => contextWith(add({ name: 'AWS_ACCESS_KEY_ID', source: 'env', redacted: true, resolved: true })), status: 'fail', fix: ['set env deployment/cart-deployment -c cart AWS_ACCESS_KEY_ID-'] },
    { name: 'deployment missing', ctx: () => contextWith(missingDeployment), status: 'skip' },
    { name: 'unavailable', ctx: () => contextWith((v) => (v.deployment = unavailable())), status: 'error' },
  ]));

describe('env.local-endpoint', () =>
  checkCases(localEndpoint, [
    { name: 'none', ctx: () => contextWith(), status: 'pass' },
    { name: 'empty value means unset', ctx: () => contextWith(add(fromConfigMap('RETAIL_CART_PERSISTENCE_DYNAMODB_ENDPOINT', ''))), status: 'pass' },
    {
      name: 'endpoint with userinfo and a presigned query (D5)',
      ctx: () => contextWith(add({ name: 'AWS_ENDPOINT_URL', value: `http://admin:Pa55-${SECRET}@localhost:8000/?X-Amz-Security-Token=Tok3n${SECRET}`, source: 'env', redacted: false, resolved: true })),
      status: 'fail',
      message: ['http://<redacted: userinfo>@localhost:8000/?<redacted: query>'],
      never: ['Pa55-', 'Tok3n'],
    },
    { name: 'retail endpoint', ctx: () => contextWith(add(fromConfigMap('RETAIL_CART_PERSISTENCE_DYNAMODB_ENDPOINT', 'http://carts-dynamodb:8000'))), status: 'fail', message: ['http://carts-dynamodb:8000'], fix: ['patch configmap cart-config'] },
    { name: 'AWS_ENDPOINT_URL', ctx: () => contextWith(add({ name: 'AWS_ENDPOINT_URL', value: 'http://localhost:4566', source: 'env', redacted: false, resolved: true })), status: 'fail' },
    { name: 'deployment missing', ctx: () => contextWith(missingDeployment), status: 'skip' },
    { name: 'unavailable', ctx: () => contextWith((v) => (v.deployment = unavailable())), status: 'error' },
  ]));

describe('env.create-table', () =>
  checkCases(createTable, [
    { name: 'none', ctx: () => contextWith(), status: 'pass' },
    { name: 'false', ctx: () => contextWith(add(fromConfigMap('RETAIL_CART_PERSISTENCE_DYNAMODB_CREATE_TABLE', 'false'))), status: 'pass' },
    { name: 'true through a ConfigMap', ctx: () => contextWith(add(fromConfigMap('CARTS_DYNAMODB_CREATETABLE', 'true'))), status: 'fail', message: ['CARTS_DYNAMODB_CREATETABLE'] },
    { name: 'hidden in a Secret', ctx: () => contextWith(add({ ...fromSecret('CREATE_TABLE') })), status: 'warn' },
    { name: 'deployment missing', ctx: () => contextWith(missingDeployment), status: 'skip' },
    { name: 'unavailable', ctx: () => contextWith((v) => (v.deployment = unavailable())), status: 'error' },
  ]));

describe('env.table-name', () => {
  checkCases(tableName, [
    { name: 'TABLE_NAME=Items', ctx: () => contextWith(), status: 'pass' },
    { name: 'wrong table', ctx: () => contextWith((v) => (cart(v).env[0]!.value = 'Orders')), status: 'fail', message: ['Orders'], fix: ['TABLE_NAME=Items'] },
    { name: 'unset', ctx: () => contextWith((v) => cart(v).env.splice(0, 1)), status: 'fail', message: ['TABLE_NAME is not set'] },
    { name: 'from a Secret', ctx: () => contextWith((v) => (cart(v).env[0] = { ...fromSecret('TABLE_NAME') })), status: 'warn' },
    { name: 'deployment missing', ctx: () => contextWith(missingDeployment), status: 'skip' },
    { name: 'unavailable', ctx: () => contextWith((v) => (v.deployment = unavailable())), status: 'error' },
  ]);
  checkCases(tableName, [
    { name: 'retail healthy', ctx: () => contextWith(undefined, 'retail-store'), status: 'pass' },
    { name: 'provider in-memory', ctx: () => contextWith(setRetail('RETAIL_CART_PERSISTENCE_PROVIDER', 'in-memory'), 'retail-store'), status: 'fail', message: ['in-memory'], fix: ['RETAIL_CART_PERSISTENCE_PROVIDER=dynamodb'] },
    { name: 'provider unset', ctx: () => contextWith(setRetail('RETAIL_CART_PERSISTENCE_PROVIDER', undefined), 'retail-store'), status: 'fail' },
    {
      name: 'provider hidden (a Secret or redacted): a warning, never a pass',
      ctx: () => contextWith((v) => { const e = cart(v).env; const i = e.findIndex((x) => x.name === 'RETAIL_CART_PERSISTENCE_PROVIDER'); e[i] = { ...e[i]!, value: undefined, redacted: true }; }, 'retail-store'),
      status: 'warn',
      message: ['RETAIL_CART_PERSISTENCE_PROVIDER', 'must be dynamodb'],
    },
    { name: 'only legacy names', ctx: () => contextWith((v) => { setRetail('RETAIL_CART_PERSISTENCE_DYNAMODB_TABLE_NAME', undefined)(v); add(fromConfigMap('CARTS_DYNAMODB_TABLENAME', 'Items'))(v); }, 'retail-store'), status: 'fail', message: ['CARTS_DYNAMODB_TABLENAME'] },
    { name: 'legacy beside current', ctx: () => contextWith(add(fromConfigMap('CARTS_DYNAMODB_TABLENAME', 'Items')), 'retail-store'), status: 'warn' },
  ]);
});

describe('env.static-credentials with a Secret the doctor may not read', () =>
  checkCases(staticCreds, [
    { name: 'readable and clean', ctx: () => contextWith(), status: 'pass' },
    {
      name: 'RBAC forbids the Secret',
      ctx: () => contextWith((v) => cart(v).envFrom.push({ kind: 'Secret', name: 'aws-creds', optional: false, found: false, unreadable: true })),
      status: 'warn',
      message: ['Secret/aws-creds'],
      fix: ['get secrets'],
    },
  ]));
