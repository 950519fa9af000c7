/**
 * `npm start`: the whole system on this machine, no Docker and no configuration. Ctrl-C or
 * SIGTERM stops every service and whatever infrastructure this command started.
 */
import { startSystem, systemOptionsFromEnv, type RunningSystem } from './system.js';

// The signals are taken from the first moment: a Ctrl-C while the system starts stops what has
// started instead of leaving services and infrastructure running without this process.
const starting = new AbortController();
let system: RunningSystem | undefined;
const onStopSignal = () => {
  if (system !== undefined) {
    void shutdown(0);
  } else if (!starting.signal.aborted) {
    process.stdout.write('ledgerline: stopping what has started...\n');
    starting.abort(new Error('stopped while starting'));
  }
};
process.on('SIGINT', onStopSignal);
process.on('SIGTERM', onStopSignal);

const startedAt = Date.now();
system = await startSystem(systemOptionsFromEnv(process.env, process.stdout), starting.signal).catch((error: unknown) => {
  if (starting.signal.aborted) {
    process.stdout.write('ledgerline: stopped before it was ready\n');
    process.exit(0);
  }
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
  if (stopping || system === undefined) return;
  stopping = true;
  process.stdout.write('ledgerline: stopping...\n');
  await system.stop();
  process.stdout.write('ledgerline: stopped\n');
  process.exit(exitCode);
}
void system.crashed.then((reason) => {
  process.stderr.write(`ledgerline: ${reason}; stopping everything\n`);
  return shutdown(1);
});
