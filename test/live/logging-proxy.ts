/** A proxy in front of moto that logs which operation each request is, and can delay them. */
import { createServer, request, type Server } from 'node:http';
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

export async function startLoggingProxy(upstream: string, delayMs = 0): Promise<LoggingProxy> {
  const log: LoggedRequest[] = [];
  const up = new URL(upstream);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = raw.toString('utf8');
      log.push({ operation: operationOf(req.method ?? '', req.url ?? '', req.headers, body), body: `${req.method} ${req.url} ${body}` });
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
