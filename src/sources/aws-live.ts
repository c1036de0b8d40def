import { FactUnavailable, UNREACHABLE_CODES, isConnectionReset } from '../errors.js';
import { AwsApiError, type AwsCall, type AwsService, type AwsSource } from './types.js';
import { requestOnTheWire } from './on-the-wire.js';
import { importAwsClient, type SdkModule } from './vendor.js';
import { callSignal } from './call-signal.js';

/**
 * The one door to AWS. Only reads pass: anything not named Describe*, Get*, List* or
 * SimulatePrincipalPolicy is refused here, before a client is even built, so no code path
 * can send a write.
 */
export const READ_ONLY_OPERATION = /^(?:(?:Describe|Get|List)[A-Z][A-Za-z]*|SimulatePrincipalPolicy)$/;

export function assertReadOnly(operation: string): void {
  if (!READ_ONLY_OPERATION.test(operation)) {
    throw new Error(`refused: ${operation} is not a read-only operation (cart-doctor only sends Describe*, Get*, List* and SimulatePrincipalPolicy)`);
  }
}

interface SdkClient {
  send(command: unknown, options?: { abortSignal?: AbortSignal }): Promise<Record<string, unknown>>;
}
/** Loads an SDK package only when a live call needs it (offline runs never pay for it). */
export type SdkLoader = (service: AwsService) => Promise<SdkModule>;

/**
 * One lazy module per client (src/sources/vendor.ts): the client and the commands
 * src/sources/aws-operations.json lists, so a run loads a client's code only when it first calls
 * that service.
 */
const defaultLoader: SdkLoader = importAwsClient;

/** The longest the other calls wait for the first request to connect (a silent network must not stall them). */
const FIRST_REQUEST_CAP_MS = 500;

export const CLIENT_CLASS: Record<AwsService, string> = {
  dynamodb: 'DynamoDBClient',
  iam: 'IAMClient',
  eks: 'EKSClient',
  sts: 'STSClient',
  kms: 'KMSClient',
  ec2: 'EC2Client',
  organizations: 'OrganizationsClient',
};

export interface LiveAwsOptions {
  profile?: string;
  /** Default region for calls that name none (IAM signs with a region too). */
  region?: string;
  timeoutMs: number;
  /** The run's deadline (--deadline): aborts every call still in flight when it passes. */
  signal?: AbortSignal;
  loader?: SdkLoader;
  /**
   * A local DynamoDB (K3s, `--dynamodb-endpoint`): every client sends there. It ignores the
   * signature, the SDK still wants one: the doctor's own AWS_ACCESS_KEY_ID when set (DynamoDB
   * Local without -sharedDb keeps one database per key and region), else a placeholder.
   */
  local?: { endpoint: string };
}

export class LiveAwsSource implements AwsSource {
  readonly description: string;
  private readonly clients = new Map<string, Promise<SdkClient>>();
  /** Problems of the doctor's own setup (no credentials, no region), said once per run by the CLI. */
  readonly setupProblems = new Set<string>();

  /**
   * The run's first call goes out before any other call loads its SDK client (each load blocks
   * the event loop for tens of ms): the others wait until its request is on the wire.
   */
  private firstRequest?: ReturnType<typeof requestOnTheWire>;

  constructor(private readonly options: LiveAwsOptions) {
    this.description = options.local ? `local DynamoDB at ${options.local.endpoint}` : 'live AWS';
  }

  async call(call: AwsCall): Promise<Record<string, unknown>> {
    assertReadOnly(call.operation);
    if (this.firstRequest) {
      await this.firstRequest.opened;
      return this.send(call);
    }
    const first = (this.firstRequest = requestOnTheWire(FIRST_REQUEST_CAP_MS));
    try {
      return await this.send(call);
    } finally {
      first.release();
    }
  }

  private async send(call: AwsCall): Promise<Record<string, unknown>> {
    const region = call.region ?? this.options.region;
    const mod = await (this.options.loader ?? defaultLoader)(call.service);
    const Command = mod[`${call.operation}Command`] as (new (input: unknown) => unknown) | undefined;
    if (typeof Command !== 'function') throw new Error(`the AWS SDK has no ${call.service} operation ${call.operation}`);
    const client = await this.client(call.service, region, mod);
    const { signal: abortSignal, settle } = callSignal(this.options.timeoutMs, this.options.signal);
    try {
      const out = await client.send(new Command(call.input), { abortSignal });
      const { $metadata: _metadata, ...rest } = out;
      return rest;
    } catch (err) {
      const classified = classify(err, call, this.options.timeoutMs, this.options.local?.endpoint);
      if (classified instanceof FactUnavailable && (classified.kind === 'no-source' || classified.kind === 'unreachable'))
        this.setupProblems.add(classified.message);
      throw classified;
    } finally {
      settle();
    }
  }

  private client(service: AwsService, region: string | undefined, mod: SdkModule): Promise<SdkClient> {
    const key = `${service}:${region ?? ''}`;
    let client = this.clients.get(key);
    if (!client) {
      const Client = mod[CLIENT_CLASS[service]] as new (config: Record<string, unknown>) => SdkClient;
      // Throttling and transient errors are retried with the SDK's exponential backoff; three
      // attempts in all unless the user's AWS_MAX_ATTEMPTS says otherwise (the SDK reads it).
      const config: Record<string, unknown> = { region: region ?? (service === 'iam' || service === 'organizations' ? 'us-east-1' : undefined) };
      if (!process.env.AWS_MAX_ATTEMPTS) config.maxAttempts = 3;
      if (this.options.profile) config.profile = this.options.profile;
      if (this.options.local) {
        config.endpoint = this.options.local.endpoint;
        config.region ??= 'us-east-1';
        if (!process.env.AWS_ACCESS_KEY_ID) config.credentials = { accessKeyId: 'cart-doctor', secretAccessKey: 'cart-doctor' };
      }
      client = Promise.resolve(new Client(config));
      this.clients.set(key, client);
    }
    return client;
  }
}

/** What the SDK's JSON and XML parsers throw on a body that is not AWS's (HTML, garbage). */
const PARSER_ERROR = /^(?:SyntaxError|TypeError|RangeError|Error)$/;

/** Turns SDK failures into the doctor's vocabulary: API answers stay AwsApiError; the rest is unavailable. */
function classify(err: unknown, call: AwsCall, timeoutMs: number, localEndpoint?: string): Error {
  const e = err as { name?: string; message?: string; $metadata?: unknown };
  const name = e?.name ?? 'Error';
  const action = `${call.service}:${call.operation}`;
  if (isConnectionReset(err)) {
    return new FactUnavailable('failed', `${action}: the connection was reset (ECONNRESET) before AWS answered; a proxy or firewall may be cutting it`);
  }
  if (name === 'AbortError' || name === 'TimeoutError') {
    return new FactUnavailable('timeout', `${action} did not answer within ${timeoutMs} ms (--timeout)`);
  }
  if (name === 'CredentialsProviderError') {
    return new FactUnavailable(
      'no-source',
      'no AWS credentials found for the doctor (set AWS_PROFILE/--profile or credentials; see `cart-doctor permissions`) — a Cart pod whose IRSA is broken fails the same way, with "Unable to locate credentials"',
    );
  }
  if (/Region is missing/i.test(e?.message ?? '')) {
    return new FactUnavailable('no-source', 'no AWS region: pass --region or set AWS_REGION');
  }
  const code = (err as { code?: string })?.code;
  if (code && UNREACHABLE_CODES.has(code) && localEndpoint) {
    return new FactUnavailable(
      'unreachable',
      `cannot reach the local DynamoDB at ${localEndpoint} (${code}) (--dynamodb-endpoint): is \`kubectl port-forward\` to its Service running?`,
    );
  }
  if (code && UNREACHABLE_CODES.has(code)) {
    const where = process.env[`AWS_ENDPOINT_URL_${call.service.toUpperCase()}`] ?? process.env.AWS_ENDPOINT_URL ?? `the ${call.service} endpoint`;
    return new FactUnavailable(
      'unreachable',
      `cannot reach AWS at ${where} (${code}): the checks that need AWS could not be evaluated; check the network, a proxy or AWS_ENDPOINT_URL`,
    );
  }
  const status = (e?.$metadata as { httpStatusCode?: number } | undefined)?.httpStatusCode;
  // The SDK could not read the body as AWS's: a parser's own error, no service exception (no
  // `$fault`). A 404 like that is an endpoint without the API; else an answer the doctor cannot use.
  if (e?.$metadata !== undefined && (err as { $fault?: unknown }).$fault === undefined && PARSER_ERROR.test(name)) {
    if (status === 404) return new AwsApiError('UnknownOperationException', `HTTP 404 without an AWS error: the endpoint has no ${call.operation} API`, call);
    return new FactUnavailable(
      'unusable',
      `${action} answered HTTP ${status ?? '?'} with a body that is not an AWS answer (${name}) — the answer is unusable (an HTML page or a proxy?)`,
    );
  }
  if (e?.$metadata !== undefined) return new AwsApiError(name, e.message ?? name, call);
  return new FactUnavailable('failed', `${action} failed: ${name}: ${e?.message ?? String(err)}`);
}
