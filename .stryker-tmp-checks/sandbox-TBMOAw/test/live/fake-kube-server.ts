/**
 * A small Kubernetes API server for the live cluster path: it speaks the REST paths the
 * doctor GETs and answers like `kubectl get -o json`; some paths answer 403 or never answer.
 */
// @ts-nocheck

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeKube {
  url: string;
  requests: { method: string; path: string; query: string }[];
  close(): Promise<void>;
}

/** `hang` never answers; `reset` drops the connection without a response. */
type Route = { status: number; body: unknown } | 'hang' | 'reset';

export async function startFakeKube(routes: Record<string, Route>): Promise<FakeKube> {
  const requests: FakeKube['requests'] = [];
  const hanging: ServerResponse[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const [path = '', query = ''] = (req.url ?? '').split('?');
    requests.push({ method: req.method ?? '', path, query: decodeURIComponent(query) });
    const route = routes[path];
    if (route === 'hang') {
      hanging.push(res);
      return;
    }
    if (route === 'reset') {
      req.socket.destroy();
      return;
    }
    const answer = route ?? {
      status: 404,
      body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: `${path} not found` },
    };
    // A string body is plain text, as pods/log answers.
    const text = typeof answer.body === 'string';
    res.writeHead(answer.status, { 'content-type': text ? 'text/plain' : 'application/json' });
    res.end(text ? answer.body : JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
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
