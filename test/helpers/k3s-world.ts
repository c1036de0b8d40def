/**
 * The healthy K3s world of the eks-workshop carts base (fixtures/k3s/healthy.yaml) as facts:
 * endpoint, fake keys and create-table from ConfigMap carts; Service carts-dynamodb in front
 * of the carts-dynamodb Deployment running amazon/dynamodb-local.
 */
import type { CheckContext } from '../../src/checks/lib/types.js';
import type { EnvVar, ServiceFact, WorkloadFact } from '../../src/facts/types.js';
import { contextWith, type FactValues } from './fake-facts.js';

const fromCarts = (name: string, value: string | undefined): EnvVar => ({
  name,
  value,
  source: 'envFrom:configMap',
  from: 'ConfigMap/carts',
  redacted: value === undefined,
  resolved: true,
});

export const ENDPOINT = 'RETAIL_CART_PERSISTENCE_DYNAMODB_ENDPOINT';
export const CREATE_TABLE = 'RETAIL_CART_PERSISTENCE_DYNAMODB_CREATE_TABLE';

export const dynamoService = (): ServiceFact => ({
  namespace: 'carts',
  name: 'carts-dynamodb',
  found: true,
  selector: { 'app.kubernetes.io/name': 'carts', 'app.kubernetes.io/component': 'dynamodb' },
  ports: [{ name: 'dynamodb', port: 8000, targetPort: 'dynamodb' }],
});

export const dynamoWorkload = (): WorkloadFact => ({
  kind: 'Deployment',
  namespace: 'carts',
  name: 'carts-dynamodb',
  podLabels: { 'app.kubernetes.io/name': 'carts', 'app.kubernetes.io/component': 'dynamodb', 'app.kubernetes.io/team': 'database' },
  containers: [{ name: 'dynamodb', image: 'amazon/dynamodb-local:1.25.1', ports: [{ name: 'dynamodb', containerPort: 8000 }] }],
});

const cartWorkload = (): WorkloadFact => ({
  kind: 'Deployment',
  namespace: 'carts',
  name: 'carts',
  podLabels: { 'app.kubernetes.io/name': 'carts', 'app.kubernetes.io/component': 'service' },
  containers: [{ name: 'cart', image: 'public.ecr.aws/aws-containers/retail-store-sample-cart:1.2.1', ports: [{ name: 'http', containerPort: 8080 }] }],
});

export function k3sValues(v: FactValues): void {
  const d = v.deployment as Exclude<FactValues['deployment'], Error>;
  const cart = d.containers[0]!;
  // No webhook on K3s: the keys and the endpoint come from the ConfigMap.
  cart.env = cart.env.filter((e) => e.source !== 'webhook');
  cart.env.push(
    fromCarts(ENDPOINT, 'http://carts-dynamodb:8000'),
    fromCarts(CREATE_TABLE, 'true'),
    fromCarts('AWS_ACCESS_KEY_ID', undefined),
    fromCarts('AWS_SECRET_ACCESS_KEY', undefined),
  );
  d.webhookInjects = false;
  v.services = { 'carts/carts-dynamodb': dynamoService() };
  v.workloads = [cartWorkload(), dynamoWorkload()];
  v.localTable = null;
}

/** A K3s CheckContext (preset retail-store) whose facts are the healthy K3s world changed by `change`. */
export function k3sContext(change: (v: FactValues) => void = () => {}): CheckContext {
  return { ...contextWith((v) => (k3sValues(v), change(v)), 'retail-store'), platform: 'k3s' };
}

/** The env var of the Cart container with this name, to change in a case. */
export function cartVar(v: FactValues, name: string): EnvVar {
  const d = v.deployment as Exclude<FactValues['deployment'], Error>;
  return d.containers[0]!.env.find((e) => e.name === name)!;
}
