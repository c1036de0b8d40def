/**
 * The AWS SDK ships bundled (scripts/bundle.mjs), and its default credential chain loads each
 * provider on demand (a lazy chunk of its own): every way the doctor's credentials can come must
 * still work from the built CLI. A local "AWS" notes the access key that signed each request
 * (SigV4's `Credential=KEY/…`) and answers AccessDenied; it also plays STS for web identity, the
 * IAM Identity Center portal for SSO, the container endpoint and IMDS, each handing out its own key.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliAsync } from '../helpers/cli.js';

const EXPIRES = new Date(Date.now() + 3600_000).toISOString();

/** What each credential endpoint answers, keyed by method and path. */
function answer(req: IncomingMessage, body: string, res: ServerResponse): void {
  const path = (req.url ?? '').split('?')[0];
  const json = (status: number, value: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(value));
  };
  if (/Action=AssumeRoleWithWebIdentity/.test(body)) {
    res.writeHead(200, { 'content-type': 'text/xml' });
    res.end(
      `<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleWithWebIdentityResult>` +
        `<Credentials><AccessKeyId>AKIDWEBIDENTITY</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken>` +
        `<Expiration>${EXPIRES}</Expiration></Credentials></AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>`,
    );
  } else if (path === '/federation/credentials') {
    json(200, { roleCredentials: { accessKeyId: 'AKIDSSO', secretAccessKey: 's', sessionToken: 't', expiration: Date.now() + 3600_000 } });
  } else if (path === '/container-credentials') {
    json(200, { AccessKeyId: 'AKIDCONTAINER', SecretAccessKey: 's', Token: 't', Expiration: EXPIRES });
  } else if (req.method === 'PUT' && path === '/latest/api/token') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('imds-token');
  } else if (path === '/latest/meta-data/iam/security-credentials/') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('node-role');
  } else if (path === '/latest/meta-data/iam/security-credentials/node-role') {
    json(200, { Code: 'Success', Type: 'AWS-HMAC', AccessKeyId: 'AKIDIMDS', SecretAccessKey: 's', Token: 't', Expiration: EXPIRES });
  } else {
    json(403, { __type: 'AccessDeniedException', message: 'credential-modes test' }, { 'x-amzn-errortype': 'AccessDeniedException' });
  }
}

let server: Server;
let endpoint: string;
/** The access key of every signed request, in order. */
const signedWith: string[] = [];
const dir = mkdtempSync(join(tmpdir(), 'cart-doctor-creds-'));

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const key = /Credential=([A-Z0-9]+)\//.exec(String(req.headers.authorization ?? ''))?.[1];
      if (key) signedWith.push(key);
      answer(req, body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** A live `check -f` whose only AWS is the local server; returns the keys its requests were signed with. */
async function keysOf(env: NodeJS.ProcessEnv, args: string[] = []): Promise<string[]> {
  signedWith.length = 0;
  const run = await runCliAsync(
    ['check', '-f', 'fixtures/manifests/cart-broken.yaml', '--cluster', 'cart-cluster', '--region', 'ap-south-1', '-o', 'json', ...args],
    {
      AWS_ENDPOINT_URL: endpoint,
      AWS_CONFIG_FILE: file('empty-config', ''),
      AWS_SHARED_CREDENTIALS_FILE: file('empty-credentials', ''),
      HOME: dir,
      ...env,
    },
  );
  // Every call was answered AccessDenied, so the run reports findings: no crash, no setup problem.
  expect(run.stderr).not.toMatch(/credentials|TypeError|Cannot find/i);
  expect([1, 2]).toContain(run.status);
  return [...new Set(signedWith)];
}

describe('every credential mode of the default chain works from the bundled SDK', () => {
  it('environment variables', async () => {
    await expect(keysOf({ AWS_ACCESS_KEY_ID: 'AKIDENV', AWS_SECRET_ACCESS_KEY: 's' })).resolves.toEqual(['AKIDENV']);
  });

  it('a profile in the shared credentials file (--profile)', async () => {
    const credentials = file('credentials', '[cart]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = s\n');
    await expect(keysOf({ AWS_SHARED_CREDENTIALS_FILE: credentials }, ['--profile', 'cart'])).resolves.toEqual(['AKIDPROFILE']);
  });

  it('credential_process', async () => {
    const script = file('creds.cjs', "console.log(JSON.stringify({ Version: 1, AccessKeyId: 'AKIDPROCESS', SecretAccessKey: 's' }));\n");
    const config = file('config-process', `[profile cart]\ncredential_process = ${process.execPath} ${script}\n`);
    await expect(keysOf({ AWS_CONFIG_FILE: config, AWS_PROFILE: 'cart' })).resolves.toEqual(['AKIDPROCESS']);
  });

  it('web identity (IRSA: AWS_ROLE_ARN and a token file, through STS)', async () => {
    const token = file('web-identity-token', 'eyJhbGciOiJSUzI1NiJ9.e30.c2ln');
    await expect(
      keysOf({ AWS_ROLE_ARN: 'arn:aws:iam::111122223333:role/doctor', AWS_WEB_IDENTITY_TOKEN_FILE: token, AWS_ROLE_SESSION_NAME: 'doctor' }),
    ).resolves.toEqual(['AKIDWEBIDENTITY']);
  });

  it('IAM Identity Center (SSO) with a cached token', async () => {
    const startUrl = 'https://cart.awsapps.com/start';
    mkdirSync(join(dir, '.aws', 'sso', 'cache'), { recursive: true });
    file(
      join('.aws', 'sso', 'cache', `${createHash('sha1').update(startUrl).digest('hex')}.json`),
      JSON.stringify({ startUrl, region: 'eu-west-1', accessToken: 'sso-token', expiresAt: EXPIRES }),
    );
    const config = file(
      'config-sso',
      `[profile cart]\nsso_start_url = ${startUrl}\nsso_region = eu-west-1\nsso_account_id = 111122223333\nsso_role_name = Doctor\n`,
    );
    await expect(keysOf({ AWS_CONFIG_FILE: config, AWS_PROFILE: 'cart' })).resolves.toEqual(['AKIDSSO']);
  });

  it('the container endpoint (ECS, EKS Pod Identity)', async () => {
    await expect(keysOf({ AWS_CONTAINER_CREDENTIALS_FULL_URI: `${endpoint}/container-credentials` })).resolves.toEqual(['AKIDCONTAINER']);
  });

  it('the instance metadata service (IMDSv2)', async () => {
    await expect(keysOf({ AWS_EC2_METADATA_DISABLED: 'false', AWS_EC2_METADATA_SERVICE_ENDPOINT: endpoint })).resolves.toEqual(['AKIDIMDS']);
  });
});
