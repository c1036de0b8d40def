/**
 * A proxy in front of moto that logs which operation each request is, and can delay them or
 * answer some of them with a fault (AWS's own throttling error, a 500, a body that is not
 * AWS's, a reset, no answer at all) instead of forwarding them.
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface LoggedRequest {
  operation: string;
  body: string;
}

export interface LoggingProxy {
  endpoint: string;
  log: LoggedRequest[];
  close(): Promise<void>;
}

/** EKS is a REST API: its operations are told by method and path, not by a header or an Action. */
const EKS_PATHS: [RegExp, string][] = [
  [/^GET \/clusters\/[^/]+\/pod-identity-associations\/[^/]+$/, 'DescribePodIdentityAssociation'],
  [/^GET \/clusters\/[^/]+\/pod-identity-associations$/, 'ListPodIdentityAssociations'],
  [/^GET \/clusters\/[^/]+$/, 'DescribeCluster'],
];

function operationOf(method: string, url: string, headers: Record<string, string | string[] | undefined>, body: string): string {
  const target = headers['x-amz-target'];
  if (typeof target === 'string') return target.split('.').pop()!;
  const action = /(?:^|&)Action=([A-Za-z]+)/.exec(body);
  if (action) return action[1]!;
  const route = `${method} ${url.split('?')[0]}`;
  return EKS_PATHS.find(([path]) => path.test(route))?.[1] ?? route;
}

/**
 * What a faulted request gets instead of moto's answer:
 * - `hang`: nothing, ever (the doctor's --timeout must cut it);
 * - `500`, `throttle`, `denied`: an AWS-shaped error in the operation's protocol;
 * - `garbage`, `html200`, `empty200`: HTTP 200 with random bytes, a login page, or an answer
 *   that parses to nothing (`{}` for JSON protocols, an empty result element for IAM's XML);
 * - `reset`: the connection is dropped without an answer.
 */
export type Fault = 'hang' | '500' | 'throttle' | 'garbage' | 'html200' | 'empty200' | 'denied' | 'reset';
export const FAULTS: readonly Fault[] = ['hang', '500', 'throttle', 'garbage', 'html200', 'empty200', 'denied', 'reset'];

export interface ProxyOptions {
  delayMs?: number;
  /** Answer this request (the nth of its operation, from 1) with a throttling error. */
  throttle?: (operation: string, nth: number) => boolean;
  /** Answer this request (the nth of its operation, from 1) with the fault returned, if any. */
  fault?: (operation: string, nth: number) => Fault | undefined;
  /** Change moto's answer body for an operation (say, what moto leaves out); undefined keeps it. */
  rewrite?: (operation: string, body: string) => string | undefined;
}

/** An error as each protocol says it: JSON `__type` (DynamoDB, EKS), IAM's query-API XML. */
function awsError(res: ServerResponse, json: boolean, status: number, code: string, message: string): void {
  if (json) {
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'faulted', 'x-amzn-errortype': code });
    res.end(JSON.stringify({ __type: code, message }));
  } else {
    res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': 'faulted' });
    res.end(
      `<ErrorResponse><Error><Type>${status < 500 ? 'Sender' : 'Receiver'}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>faulted</RequestId></ErrorResponse>`,
    );
  }
}

const HTML_PAGE = '<!DOCTYPE html><html><head><title>Sign in</title></head><body><h1>Corporate proxy</h1><form>login</form></body></html>';

function answerWithFault(fault: Fault, operation: string, json: boolean, req: IncomingMessage, res: ServerResponse): void {
  switch (fault) {
    case 'hang':
      return;
    case 'reset':
      req.socket.destroy();
      return;
    case '500':
      return awsError(res, json, 500, json ? 'InternalFailure' : 'ServiceFailure', 'We encountered an internal error. Please try again.');
    case 'throttle':
      return awsError(res, json, 400, json ? 'ThrottlingException' : 'Throttling', 'Rate exceeded');
    case 'denied':
      return awsError(res, json, 403, json ? 'AccessDeniedException' : 'AccessDenied', `User is not authorized to perform: ${operation}`);
    case 'garbage':
      res.writeHead(200, { 'content-type': json ? 'application/x-amz-json-1.0' : 'text/xml' });
      res.end(Buffer.from([0x00, 0x9f, 0x3c, 0xff, 0x7b, 0x0a, 0x13, 0x88, 0x2e, 0xc3]));
      return;
    case 'html200':
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(HTML_PAGE);
      return;
    case 'empty200':
      res.writeHead(200, { 'content-type': json ? 'application/x-amz-json-1.0' : 'text/xml' });
      res.end(
        json
          ? '{}'
          : `<${operation}Response xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><${operation}Result></${operation}Result><ResponseMetadata><RequestId>faulted</RequestId></ResponseMetadata></${operation}Response>`,
      );
      return;
  }
}

export async function startLoggingProxy(upstream: string, options: number | ProxyOptions = {}): Promise<LoggingProxy> {
  const { delayMs = 0, throttle, fault, rewrite } = typeof options === 'number' ? { delayMs: options } : options;
  const seen = new Map<string, number>();
  const log: LoggedRequest[] = [];
  const sockets = new Set<Socket>();
  const up = new URL(upstream);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = raw.toString('utf8');
      const operation = operationOf(req.method ?? '', req.url ?? '', req.headers, body);
      log.push({ operation, body: `${req.method} ${req.url} ${body}` });
      const nth = (seen.get(operation) ?? 0) + 1;
      seen.set(operation, nth);
      // IAM speaks the query protocol (XML); DynamoDB (x-amz-target) and EKS (REST) speak JSON.
      const json = !/(?:^|&)Action=/.test(body);
      const chosen = throttle?.(operation, nth) ? 'throttle' : fault?.(operation, nth);
      if (chosen) {
        answerWithFault(chosen, operation, json, req, res);
        return;
      }
      setTimeout(() => {
        const headers = { ...req.headers, host: up.host };
        const fwd = request({ host: up.hostname, port: up.port, method: req.method, path: req.url, headers }, (upRes) => {
          if (!rewrite) {
            res.writeHead(upRes.statusCode ?? 502, upRes.headers);
            upRes.pipe(res);
            return;
          }
          const parts: Buffer[] = [];
          upRes.on('data', (c: Buffer) => parts.push(c));
          upRes.on('end', () => {
            const original = Buffer.concat(parts).toString('utf8');
            const text = rewrite(operation, original) ?? original;
            res.writeHead(upRes.statusCode ?? 502, { ...upRes.headers, 'content-length': String(Buffer.byteLength(text)) });
            res.end(text);
          });
        });
        fwd.on('error', () => res.destroy());
        fwd.end(raw);
      }, delayMs);
    });
  });
  // A hung request holds its socket open: close() ends them, or it would wait for ever.
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>((r) => {
      server.close(() => r());
      for (const s of sockets) s.destroy();
    });
  return { endpoint: `http://127.0.0.1:${port}`, log, close };
}
