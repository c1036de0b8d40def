import type { ResolvedConfig } from '../config/types.js';
import { basename } from 'node:path';
import { FactUnavailable } from '../errors.js';
import type { AwsSource, KubeKind, KubeObject, KubeSource, LabelSelector, PodLogRequest, WorkloadKind } from '../sources/types.js';
import { ROLE_ARN_PATTERN, parseArn, roleNameFromArn, tableArn } from './arn.js';
import { callOrNotFound } from './calls.js';
import {
  listRolePolicyNames,
  loadCluster,
  loadOidcProvider,
  loadPolicies,
  loadRole,
  loadTable,
  type DocumentOrigin,
  type RolePolicyNames,
} from './aws-facts.js';
import { ROLE_ARN_ANNOTATION, loadDeployment, loadServiceAccount } from './kube-facts.js';
import { loadPodIdentity } from './pod-identity-facts.js';
import { loadResourcePolicy } from './resource-policy-facts.js';
import { loadKmsKey, loadKmsKeyPolicy } from './kms-facts.js';
import { loadVpcEndpoints } from './vpc-endpoint-facts.js';
import type { PolicyDocument } from '../iam/types.js';
import { loadSimulation } from './simulation-facts.js';
import { loadOrgGuardrails } from './org-facts.js';
import { loadPodLogs, loadPods } from './pod-facts.js';
import { loadService, loadWorkloads } from './local-facts.js';
import { scanLogFile } from '../logs/stream-lines.js';
import type {
  AppRegionFact,
  ClusterFact,
  DeploymentFact,
  Facts,
  KmsKeyFact,
  VpcEndpointsFact,
  LogsFact,
  OidcProviderFact,
  PodIdentityFact,
  PodsFact,
  PoliciesFact,
  ResourcePolicyFact,
  RoleFact,
  RoleRef,
  ServiceAccountFact,
  ServiceFact,
  SimulationFact,
  SimulationRequest,
  OrgGuardrailsFact,
  TableFact,
  WorkloadFact,
} from './types.js';

/** What the user asked to scan: a file (offline), or the pods' recent logs (live). */
export interface LogRequest {
  /** A path already checked to be a readable regular file; it is streamed, never read whole. */
  file?: { name: string };
  live?: { tailLines: number; sinceSeconds: number; maxPods: number };
}

export interface FactSources {
  aws: AwsSource;
  kube: KubeSource;
  /** Region from the AWS environment (live runs only; offline runs stay reproducible). */
  envRegion?: string;
  /** Names the input in errors about malformed documents. */
  origin: DocumentOrigin;
  logs?: LogRequest;
  /** K3s `--dynamodb-endpoint`: the local DynamoDB, asked through the same read-only gateway. */
  localDynamo?: AwsSource;
}

/** Each Kubernetes object is fetched once per run, whichever fact asks for it first. */
class OnceKubeSource implements KubeSource {
  readonly description: string;
  readonly namespacesOf?: KubeSource['namespacesOf'];
  private readonly memo = new Map<string, Promise<unknown>>();
  constructor(private readonly inner: KubeSource) {
    this.description = inner.description;
    this.namespacesOf = inner.namespacesOf?.bind(inner);
  }
  private once<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (!this.memo.has(key)) this.memo.set(key, load());
    return this.memo.get(key) as Promise<T>;
  }
  get(kind: KubeKind, namespace: string, name: string): Promise<KubeObject | undefined> {
    return this.once(`get:${kind}:${namespace}:${name}`, () => this.inner.get(kind, namespace, name));
  }
  listPods(namespace: string, selector: LabelSelector): Promise<KubeObject[]> {
    return this.once(`pods:${namespace}:${JSON.stringify(selector)}`, () => this.inner.listPods(namespace, selector));
  }
  podLog(namespace: string, pod: string, request: PodLogRequest): Promise<string> {
    return this.once(`log:${namespace}:${pod}:${JSON.stringify(request)}`, () => this.inner.podLog(namespace, pod, request));
  }
  listWorkloads(kind: WorkloadKind, namespace: string): Promise<KubeObject[]> {
    return this.once(`list:${kind}:${namespace}`, () => this.inner.listWorkloads(kind, namespace));
  }
}

/**
 * Collect once, judge many times: every getter is memoized, so concurrent checks asking for
 * the same object share one call.
 */
export class FactStore implements Facts {
  readonly warnings: string[] = [];
  private readonly memo = new Map<string, Promise<unknown>>();
  private readonly kube: KubeSource;

  constructor(
    private readonly config: ResolvedConfig,
    private readonly sources: FactSources,
  ) {
    this.kube = new OnceKubeSource(sources.kube);
  }

  private once<T>(key: string, load: () => Promise<T>): Promise<T> {
    let p = this.memo.get(key) as Promise<T> | undefined;
    if (!p) {
      p = load();
      this.memo.set(key, p);
    }
    return p;
  }

  region(): Promise<string> {
    return this.once('region', async () => {
      const { target } = this.config;
      const known = target.region ?? this.sources.envRegion;
      if (known) return known;
      if (target.cluster) {
        const cluster = await this.cluster();
        if (cluster.region) return cluster.region;
      }
      throw new FactUnavailable('no-source', 'the AWS region is unknown: pass --region (or set target.region in the snapshot or config)');
    });
  }

  cluster(): Promise<ClusterFact> {
    return this.once('cluster', async () => {
      const name = this.config.target.cluster;
      if (!name) {
        throw new FactUnavailable('no-source', 'the EKS cluster name is unknown: pass --cluster NAME (or set target.cluster in the snapshot or config)');
      }
      return loadCluster(this.sources.aws, name, this.config.target.region ?? this.sources.envRegion);
    });
  }

  private async clusterOrUndefined(): Promise<ClusterFact | undefined> {
    try {
      return await this.cluster();
    } catch (err) {
      if (err instanceof FactUnavailable) return undefined;
      throw err;
    }
  }

  roleRef(): Promise<RoleRef | undefined> {
    return this.once('roleRef', async () => {
      const wanted = this.config.target.role;
      if (wanted) {
        const arn = parseArn(wanted);
        if (arn) return { name: roleNameFromArn(wanted), arn: wanted, account: arn.account, partition: arn.partition, from: 'flag' as const };
        const cluster = await this.clusterOrUndefined();
        const account = cluster?.account;
        const partition = cluster?.partition ?? 'aws';
        return { name: wanted, arn: account ? `arn:${partition}:iam::${account}:role/${wanted}` : undefined, account, partition, from: 'flag' as const };
      }
      const sa = await this.serviceAccount();
      const annotated = sa.annotations[ROLE_ARN_ANNOTATION]?.trim();
      if (!annotated || !ROLE_ARN_PATTERN.test(annotated)) return undefined;
      const arn = parseArn(annotated)!;
      return { name: roleNameFromArn(annotated), arn: annotated, account: arn.account, partition: arn.partition, from: 'annotation' as const };
    });
  }

  role(): Promise<RoleFact> {
    return this.once('role', async () => {
      const ref = await this.roleRef();
      if (!ref) throw new FactUnavailable('no-source', 'no IAM role to evaluate: the ServiceAccount names none and --role was not given');
      return this.roleNamed(ref);
    });
  }

  /** Roles are memoized by name: the IRSA role and an association's role may be the same one. */
  private roleNamed(ref: RoleRef): Promise<RoleFact> {
    // The policy lists need only the name: asked for alongside GetRole, they take one step off
    // the longest chain of dependent calls. If the role turns out not to exist, nobody reads them.
    this.policyNames(ref.name).catch(() => undefined);
    return this.once(`role:${ref.name}`, () => loadRole(this.sources.aws, ref, this.sources.origin));
  }

  private policyNames(roleName: string): Promise<RolePolicyNames> {
    return this.once(`policyNames:${roleName}`, () => listRolePolicyNames(this.sources.aws, roleName));
  }

  roleByArn(arn: string): Promise<RoleFact> {
    const parsed = parseArn(arn);
    if (!parsed || !ROLE_ARN_PATTERN.test(arn)) return Promise.reject(new FactUnavailable('failed', `${arn} is not an IAM role ARN`));
    return this.roleNamed({ name: roleNameFromArn(arn), arn, account: parsed.account, partition: parsed.partition, from: 'association' });
  }

  policies(): Promise<PoliciesFact> {
    return this.once('policies', async () => this.policiesOf(await this.role()));
  }

  policiesOf(role: RoleFact): Promise<PoliciesFact> {
    if (!role.found) return Promise.reject(new FactUnavailable('failed', `role ${role.ref.name} does not exist, so it has no policies`));
    return this.once(`policies:${role.ref.name}`, () => loadPolicies(this.sources.aws, role, this.sources.origin, this.policyNames(role.ref.name)));
  }

  oidcProvider(): Promise<OidcProviderFact> {
    return this.once('oidc', async () => {
      const cluster = await this.cluster();
      if (!cluster.found) throw new FactUnavailable('failed', `cluster ${cluster.name} was not found, so its OIDC issuer is unknown`);
      // The provider must exist in the role's account (cross-account IRSA), else the cluster's.
      const ref = await this.roleRef().catch(() => undefined);
      const account = ref?.account ?? cluster.account;
      if (!account) throw new FactUnavailable('failed', `the AWS account of cluster ${cluster.name} is unknown (no cluster ARN)`);
      return loadOidcProvider(this.sources.aws, cluster, account);
    });
  }

  table(region: string): Promise<TableFact> {
    return this.once(`table:${region}`, () => loadTable(this.sources.aws, this.config.target.table, region));
  }

  tableArn(): Promise<string> {
    return this.once('tableArn', async () => {
      const region = await this.region();
      const table = await this.table(region);
      const replica = await this.appReplicaArn(table);
      if (replica) return replica;
      if (table.arn) return table.arn;
      const ref = await this.roleRef().catch(() => undefined);
      const cluster = await this.clusterOrUndefined();
      const account = ref?.account ?? cluster?.account;
      if (!account) throw new FactUnavailable('failed', `the table's AWS account is unknown (no table ARN, role ARN or cluster ARN)`);
      return tableArn(ref?.partition ?? cluster?.partition ?? 'aws', region, account, this.config.target.table);
    });
  }

  /**
   * A global table's calls are authorized against the replica in the region the app's SDK calls
   * (each replica is a table with its own ARN): that replica's ARN when the target region's table
   * lists one there. Its DescribeTable ARN when it was found, else the ARN it has by construction,
   * which checks take as not observed (tableArnSeen). Asks for the app's region only for a global table.
   */
  private async appReplicaArn(table: TableFact): Promise<string | undefined> {
    if (!table.found || !table.arn || !table.global) return undefined;
    const app = (await this.appRegion().catch(() => undefined))?.region;
    if (!app || app === table.region || !table.global.replicas.some((r) => r.region === app)) return undefined;
    const there = await this.table(app).catch(() => undefined);
    return there?.found && there.arn ? there.arn : table.arn.replace(/^(arn:[^:]+:dynamodb:)[^:]*/, `$1${app}`);
  }

  /**
   * Asked for only once the table is found: its real ARN (a table elsewhere has no policy here to
   * read). Each replica of a global table has its own resource policy (they are not replicated),
   * so the one read is that of the replica the app calls.
   */
  resourcePolicy(): Promise<ResourcePolicyFact> {
    return this.once('resourcePolicy', async () => {
      const region = await this.region();
      const table = await this.table(region);
      if (!table.found || !table.arn)
        throw new FactUnavailable('failed', `table ${table.name} was not found in ${region}, so it has no resource policy to read`);
      const replica = await this.appReplicaArn(table);
      if (replica) {
        const there = await this.table(parseArn(replica)?.region ?? region);
        if (!there.found || !there.arn)
          throw new FactUnavailable('failed', `the ${there.region} replica of table ${table.name} was not found, so its resource policy cannot be read`);
        return loadResourcePolicy(this.sources.aws, there.arn, this.sources.origin);
      }
      return loadResourcePolicy(this.sources.aws, table.arn, this.sources.origin);
    });
  }

  serviceAccount(): Promise<ServiceAccountFact> {
    const { namespace, serviceAccount } = this.config.target;
    return this.once('sa', () => loadServiceAccount(this.kube, namespace, serviceAccount));
  }

  deployment(): Promise<DeploymentFact> {
    return this.once('deployment', () =>
      loadDeployment(this.kube, this.config.target, this.config.expect, async () => {
        const cluster = await this.clusterOrUndefined();
        return cluster?.region ?? this.config.target.region ?? this.sources.envRegion;
      }),
    );
  }

  appRegion(): Promise<AppRegionFact> {
    return this.once('appRegion', async () => {
      const deployment = await this.deployment();
      const container = deployment.containers.find((c) => c.name === deployment.cartContainer);
      if (!deployment.found || !container) {
        return { source: 'none' as const, detail: `Deployment ${deployment.namespace}/${deployment.name} has no container to read` };
      }
      const region = container.env.find((v) => v.name === 'AWS_REGION');
      if (region?.value) {
        const source = region.source === 'webhook' ? 'webhook' : region.source.startsWith('envFrom') ? 'envFrom' : 'env';
        const detail =
          source === 'webhook'
            ? `AWS_REGION=${region.value}, injected by the EKS webhook (the cluster's region)`
            : `AWS_REGION=${region.value} from ${region.from ?? 'the container env'} of container ${container.name}`;
        return { region: region.value, source, detail };
      }
      const onlyDefault = container.ownEnvNames.includes('AWS_DEFAULT_REGION');
      return {
        source: 'none' as const,
        detail: onlyDefault
          ? `container ${container.name} sets only AWS_DEFAULT_REGION, so the webhook injects no AWS_REGION; Java v2 and JS v3 read only AWS_REGION`
          : `container ${container.name} has no AWS_REGION and the webhook injects none (its ServiceAccount has no role-arn annotation)`,
      };
    });
  }

  pods(): Promise<PodsFact> {
    return this.once('pods', async () => {
      const deployment = await this.deployment();
      if (!deployment.found) return { source: this.kube.description, selector: {}, pods: [] };
      return loadPods(this.kube, deployment);
    });
  }

  podIdentity(): Promise<PodIdentityFact> {
    return this.once('podIdentity', async () => {
      const name = this.config.target.cluster;
      if (!name)
        throw new FactUnavailable('no-source', 'the EKS cluster name is unknown: pass --cluster NAME (or set target.cluster in the snapshot or config)');
      const cluster = await this.clusterOrUndefined();
      const region = cluster?.region ?? this.config.target.region ?? this.sources.envRegion;
      const { namespace, serviceAccount } = this.config.target;
      return loadPodIdentity(this.sources.aws, { name, region }, namespace, serviceAccount, this.sources.origin);
    });
  }

  logs(): Promise<LogsFact> {
    return this.once('logs', async () => {
      const request = this.sources.logs;
      if (request?.file) {
        const { name } = request.file;
        const scan = await scanLogFile(name).catch((err: NodeJS.ErrnoException) => {
          throw new FactUnavailable('failed', `could not read ${name}: ${err.code ?? err.message}`);
        });
        return { requested: true, scanned: [{ origin: basename(name), scan }], scope: name };
      }
      if (!request?.live) return { requested: false, scanned: [] };
      return loadPodLogs(this.kube, await this.deployment(), await this.pods(), request.live);
    });
  }

  service(namespace: string, name: string): Promise<ServiceFact> {
    return this.once(`service:${namespace}/${name}`, () => loadService(this.kube, namespace, name));
  }

  workloads(namespace: string): Promise<WorkloadFact[]> {
    return this.once(`workloads:${namespace}`, () => loadWorkloads(this.kube, namespace));
  }

  localTable(): Promise<TableFact | undefined> {
    return this.once('localTable', async () => {
      const local = this.sources.localDynamo;
      if (!local) return undefined;
      // DynamoDB Local keeps a database per region (without -sharedDb): ask in the one the app uses.
      const region = (await this.appRegion().catch(() => undefined))?.region ?? this.config.target.region ?? 'us-east-1';
      return loadTable(local, this.config.target.table, region);
    });
  }

  /** Whether an OIDC provider ARN exists in IAM; undefined when that cannot be told (optional hint). */
  providerExists(arn: string): Promise<boolean | undefined> {
    return this.once(`provider:${arn}`, async () => {
      try {
        // Validated like every answer: an HTML page is not a provider that exists.
        return (
          (await callOrNotFound(this.sources.aws, { service: 'iam', operation: 'GetOpenIDConnectProvider', input: { OpenIDConnectProviderArn: arn } })) !==
          undefined
        );
      } catch {
        return undefined;
      }
    });
  }

  kmsKey(keyArn: string): Promise<KmsKeyFact> {
    return this.once(`kmsKey:${keyArn}`, () => loadKmsKey(this.sources.aws, keyArn));
  }

  kmsKeyPolicy(keyArn: string): Promise<PolicyDocument> {
    return this.once(`kmsKeyPolicy:${keyArn}`, () => loadKmsKeyPolicy(this.sources.aws, keyArn, this.sources.origin));
  }

  vpcEndpoints(): Promise<VpcEndpointsFact> {
    return this.once('vpcEndpoints', async () => {
      const cluster = await this.cluster();
      if (!cluster.found) throw new FactUnavailable('failed', `cluster ${cluster.name} was not found, so its VPC is unknown`);
      // Old snapshots (and emulators) answer DescribeCluster without the VPC: nothing to look up.
      if (!cluster.vpcId) return { serviceName: '', endpoints: [] };
      return loadVpcEndpoints(this.sources.aws, cluster.vpcId, cluster.region ?? (await this.region()), this.sources.origin);
    });
  }

  vpcEndpoint(): Promise<string[]> {
    return this.vpcEndpoints().then((f) => f.endpoints.map((e) => e.id));
  }

  simulation(request: SimulationRequest): Promise<SimulationFact> {
    return this.once(`simulation:${JSON.stringify(request)}`, () => loadSimulation(this.sources.aws, request));
  }

  orgGuardrails(accounts: { role: string; table: string }): Promise<OrgGuardrailsFact> {
    return this.once(`org:${accounts.role}:${accounts.table}`, () => loadOrgGuardrails(this.sources.aws, this.sources.origin, accounts));
  }
}
