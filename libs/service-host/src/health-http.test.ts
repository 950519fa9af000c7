import { afterEach, describe, expect, it } from 'vitest';
import { startHealthEndpoints, type HealthEndpoints } from './health-http.js';

let endpoints: HealthEndpoints | undefined;
afterEach(async () => {
  await endpoints?.close();
});

describe('health endpoints', () => {
  it('answers liveness while readiness follows the service', async () => {
    let ready = false;
    endpoints = await startHealthEndpoints('127.0.0.1', 0, async () => ready);
    const base = `http://127.0.0.1:${endpoints.port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(503);
    ready = true;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });

  it('reports not ready, with the reason, when the readiness check fails', async () => {
    endpoints = await startHealthEndpoints('127.0.0.1', 0, async () => {
      throw new Error('database unreachable');
    });
    const response = await fetch(`http://127.0.0.1:${endpoints.port}/readyz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'not ready', reason: 'Error: database unreachable' });
  });
});
