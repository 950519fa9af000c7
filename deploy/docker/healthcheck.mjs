// Container health check for every Ledgerline service image (node:*-slim has no curl).
// Asks the service's own health endpoint on the loopback interface and exits 0 when it answers
// 2xx. The path is /readyz by default (dependencies reachable and started), which is what
// `depends_on: condition: service_healthy` should wait for; HEALTHCHECK_PATH=/healthz checks
// liveness only. Plain JavaScript so that it starts fast without tsx.

const DEFAULT_HEALTH_PORTS = {
  gateway: 8080,
  ledger: 8081,
  invoicing: 8082,
  posting: 8083,
  customer: 8084,
  'customer-item': 8085,
  batch: 8086,
};
const TIMEOUT_MS = 4_000;

const service = process.env.SERVICE ?? '';
const port =
  service === 'gateway'
    ? (process.env.GATEWAY_PORT ?? DEFAULT_HEALTH_PORTS.gateway)
    : (process.env.HEALTH_PORT ?? DEFAULT_HEALTH_PORTS[service]);
const path = process.env.HEALTHCHECK_PATH ?? '/readyz';

if (port === undefined) {
  console.error(`healthcheck: no health port known for service '${service}'`);
  process.exit(1);
}

try {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!response.ok) console.error(`healthcheck: ${path} answered ${response.status}`);
  process.exit(response.ok ? 0 : 1);
} catch (error) {
  console.error(`healthcheck: ${path} on port ${port} failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
