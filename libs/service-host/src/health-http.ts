import { createServer, type Server } from 'node:http';

export interface HealthEndpoints {
  port: number;
  close(): Promise<void>;
}

/**
 * Liveness (`/healthz`: the process answers) and readiness (`/readyz`: its dependencies answer
 * and it has finished starting) over plain HTTP, the form orchestrators probe.
 */
export async function startHealthEndpoints(
  host: string,
  port: number,
  isReady: () => Promise<boolean>,
): Promise<HealthEndpoints> {
  const server: Server = createServer((request, response) => {
    const reply = (status: number, body: object) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.url === '/healthz') {
      reply(200, { status: 'ok' });
      return;
    }
    if (request.url === '/readyz') {
      isReady().then(
        (ready) => reply(ready ? 200 : 503, { status: ready ? 'ready' : 'not ready' }),
        (error: unknown) => reply(503, { status: 'not ready', reason: String(error) }),
      );
      return;
    }
    reply(404, { status: 'not found' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const boundPort = typeof address === 'object' && address !== null ? address.port : port;
  return {
    port: boundPort,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
