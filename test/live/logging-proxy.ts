/**
 * A proxy in front of moto that logs which operation each request is, and can delay them or
 * answer some of them with AWS's own throttling error instead of forwarding them.
 */
import { createServer, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoggedRequest {
  operation: string;
  body: string;
}

export interface LoggingProxy {
  endpoint: string;
  log: LoggedRequest[];
  close(): Promise<void>;
}

function operationOf(method: string, url: string, headers: Record<string, string | string[] | undefined>, body: string): string {
  const target = headers['x-amz-target'];
  if (typeof target === 'string') return target.split('.').pop()!;
  const action = /(?:^|&)Action=([A-Za-z]+)/.exec(body);
  if (action) return action[1]!;
  return `${method} ${url.split('?')[0]}`;
}

export interface ProxyOptions {
  delayMs?: number;
  /** Answer this request (the nth of its operation, from 1) with a throttling error. */
  throttle?: (operation: string, nth: number) => boolean;
}

/** Throttling as each protocol says it: DynamoDB's JSON `__type`, IAM's query-API XML. */
function throttled(res: ServerResponse, jsonProtocol: boolean): void {
  if (jsonProtocol) {
    res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'throttled' });
    res.end(JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException', message: 'Rate exceeded' }));
  } else {
    res.writeHead(400, { 'content-type': 'text/xml', 'x-amzn-requestid': 'throttled' });
    res.end('<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>throttled</RequestId></ErrorResponse>');
  }
}

export async function startLoggingProxy(upstream: string, options: number | ProxyOptions = {}): Promise<LoggingProxy> {
  const { delayMs = 0, throttle } = typeof options === 'number' ? { delayMs: options } : options;
  const seen = new Map<string, number>();
  const log: LoggedRequest[] = [];
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
      if (throttle?.(operation, nth)) {
        throttled(res, typeof req.headers['x-amz-target'] === 'string');
        return;
      }
      setTimeout(() => {
        const headers = { ...req.headers, host: up.host };
        const fwd = request({ host: up.hostname, port: up.port, method: req.method, path: req.url, headers }, (upRes) => {
          res.writeHead(upRes.statusCode ?? 502, upRes.headers);
          upRes.pipe(res);
        });
        fwd.on('error', () => res.destroy());
        fwd.end(raw);
      }, delayMs);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}`, log, close: () => new Promise((r) => server.close(() => r())) };
}
