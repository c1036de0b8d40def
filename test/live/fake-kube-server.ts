/**
 * A small Kubernetes API server for the live cluster path: it speaks the REST paths the
 * doctor GETs and answers like `kubectl get -o json`; some paths answer 403 or never answer.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

export interface FakeKube {
  url: string;
  /** `authorization` is the header as sent, for the tests of how the doctor authenticates. */
  requests: { method: string; path: string; query: string; authorization?: string }[];
  close(): Promise<void>;
}

/** `hang` never answers; `reset` drops the connection without a response. */
type Route = { status: number; body: unknown } | 'hang' | 'reset';

/** `tls` (PEM key and certificate) serves HTTPS, as a real API server and the in-cluster path need. */
export async function startFakeKube(routes: Record<string, Route>, tls?: { key: string; cert: string }): Promise<FakeKube> {
  const requests: FakeKube['requests'] = [];
  const hanging: ServerResponse[] = [];
  const answer = (req: IncomingMessage, res: ServerResponse) => {
    const [path = '', query = ''] = (req.url ?? '').split('?');
    requests.push({ method: req.method ?? '', path, query: decodeURIComponent(query), authorization: req.headers.authorization });
    const route = routes[path];
    if (route === 'hang') {
      hanging.push(res);
      return;
    }
    if (route === 'reset') {
      req.socket.destroy();
      return;
    }
    const reply = route ?? {
      status: 404,
      body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: `${path} not found` },
    };
    // A string body is plain text, as pods/log answers.
    const text = typeof reply.body === 'string';
    res.writeHead(reply.status, { 'content-type': text ? 'text/plain' : 'application/json' });
    res.end(text ? reply.body : JSON.stringify(reply.body));
  };
  const server: Server = tls ? createTlsServer(tls, answer) : createServer(answer);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function kubeconfigFor(server: string, context = 'arn:aws:eks:ap-south-1:111122223333:cluster/cart-cluster'): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    `current-context: ${context}`,
    'clusters:',
    `- name: ${context}`,
    '  cluster:',
    `    server: ${server}`,
    '    insecure-skip-tls-verify: true',
    'contexts:',
    `- name: ${context}`,
    '  context:',
    `    cluster: ${context}`,
    '    user: tester',
    'users:',
    '- name: tester',
    '  user:',
    '    token: fake-token',
    '',
  ].join('\n');
}
