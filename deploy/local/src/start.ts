/**
 * `npm start`: the whole system on this machine, no Docker and no configuration. Ctrl-C or
 * SIGTERM stops every service and whatever infrastructure this command started.
 */
import { startSystem, systemOptionsFromEnv } from './system.js';

const startedAt = Date.now();
const system = await startSystem(systemOptionsFromEnv(process.env, process.stdout)).catch((error: unknown) => {
  process.stderr.write(`ledgerline: start failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
process.stdout.write(
  [
    '',
    `Ledgerline is ready in ${seconds} s.`,
    `  Gateway:  ${system.gatewayUrl}  (OpenAPI: ${system.gatewayUrl}/v1/openapi.json)`,
    `  API key:  ${system.devApiKey}  (development key with full rights)`,
    `  Try:      curl -H 'Authorization: Bearer ${system.devApiKey}' ${system.gatewayUrl}/v1/companies/acme/invoices/none`,
    'Press Ctrl-C to stop.',
    '',
  ].join('\n'),
);

let stopping = false;
async function shutdown(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  process.stdout.write('ledgerline: stopping...\n');
  await system.stop();
  process.stdout.write('ledgerline: stopped\n');
  process.exit(exitCode);
}
process.once('SIGINT', () => void shutdown(0));
process.once('SIGTERM', () => void shutdown(0));
void system.crashed.then((reason) => {
  process.stderr.write(`ledgerline: ${reason}; stopping everything\n`);
  return shutdown(1);
});
