/** Builders for the env.* check tests: variables added to or changed in the Cart container. */
// @ts-nocheck

import type { FactValues } from '../helpers/fake-facts.js';
import type { DeploymentFact, EnvVar } from '../../src/facts/types.js';

export const SECRET = 'wJalrXUtnFEMI/K7MDENG';
export const cart = (v: FactValues) => (v.deployment as DeploymentFact).containers[0]!;
export const add =
  (...vars: EnvVar[]) =>
  (v: FactValues) => {
    cart(v).env.push(...vars);
  };
export const fromConfigMap = (name: string, value: string, cm = 'cart-config'): EnvVar => ({
  name,
  value,
  source: 'envFrom:configMap',
  from: `ConfigMap/${cm}`,
  redacted: false,
  resolved: true,
});
export const fromSecret = (name: string): EnvVar => ({ name, source: 'envFrom:secret', from: 'Secret/aws-creds', redacted: true, resolved: true });
/** The retail-store variable `name` set to `value`, or removed when `value` is undefined. */
export const setRetail = (name: string, value: string | undefined) => (v: FactValues) => {
  const e = cart(v).env;
  const i = e.findIndex((x) => x.name === name);
  if (value === undefined) e.splice(i, 1);
  else e[i] = { ...e[i]!, value };
};
