import { readFileSync } from 'node:fs';
import { DATA_SERVICES, databaseName } from '@ledgerline/local-runtime';
import { databaseUrl, dropDatabase } from '@ledgerline/db';
import { eventually } from '@ledgerline/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { descendantsOf, isAlive, spawnSystemCommand, startSystemCommand, stopSystemCommand, type StartedSystem } from './system.js';

const { postgresAdminUrl } = inject('infrastructure');
/** The gateway and the six data services. */
const SERVICE_PROCESSES = 7;
/** Longest a start takes until every service process is running (migrations come first). */
const SERVICES_SPAWNED_TIMEOUT_MS = 120_000;

/** Whether a process runs one of the services (services/<name>/src/main.ts). */
function isServiceProcess(pid: number): boolean {
  try {
    return /\/services\/[a-z-]+\/src\/main\.ts/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    // The process ended while we looked at it.
    return false;
  }
}
let system: StartedSystem;
let stopped = false;

beforeAll(async () => {
  system = await startSystemCommand();
  process.stdout.write(`e2e: the start command reported ready in ${system.readySeconds} s\n`);
});

afterAll(async () => {
  if (!stopped && system !== undefined) await stopSystemCommand(system);
  if (system !== undefined) {
    await Promise.all(DATA_SERVICES.map((service) => dropDatabase(postgresAdminUrl, databaseName(system.databasePrefix, service))));
  }
});

async function rest(path: string, key: string | null = system.apiKey) {
  const response = await fetch(`${system.gatewayUrl}${path}`, {
    headers: key === null ? {} : { authorization: `Bearer ${key}` },
  });
  return { status: response.status, contentType: response.headers.get('content-type'), body: (await response.json()) as Record<string, unknown> };
}

describe('the whole system started by the README command', () => {
  it('is ready: every service reports ready behind the gateway', async () => {
    expect((await rest('/readyz', null)).status).toBe(200);
  });

  it('serves a stored document from the invoicing service through the gateway', async () => {
    const client = new pg.Client({ connectionString: databaseUrl(postgresAdminUrl, databaseName(system.databasePrefix, 'invoicing')) });
    await client.connect();
    await client.query(`INSERT INTO draft_number_sequence (company_id, last_value) VALUES ('acme', 1)`);
    await client.query(
      `INSERT INTO invoice (company_id, invoice_id, type, status, customer_id, draft_number, invoice_date, currency, net_amount, tax_amount, total_amount,
                            updated_at)
       VALUES ('acme', 'inv-e2e-1', 'CREDIT_MEMO', 'COMPLETE', 'cust-9', 1, '2026-10-31', 'JPY', 1000, 100, 1100, now())`,
    );
    await client.end();
    const { status, body } = await rest('/v1/companies/acme/invoices/inv-e2e-1');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: 'inv-e2e-1',
      type: 'CREDIT_MEMO',
      status: 'COMPLETE',
      customerId: 'cust-9',
      draftNumber: 'D-000001',
      invoiceDate: '2026-10-31',
      currency: 'JPY',
      netAmount: '1000',
      taxAmount: '100',
      totalAmount: '1100',
    });
  });

  it('answers an unknown document with a 404 problem and a missing key with a 401 problem', async () => {
    const missing = await rest('/v1/companies/acme/invoices/does-not-exist');
    expect(missing.status).toBe(404);
    expect(missing.contentType).toContain('application/problem+json');
    const anonymous = await rest('/v1/companies/acme/invoices/inv-e2e-1', null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.contentType).toContain('application/problem+json');
  });

  it('stops every process it started on SIGTERM', async () => {
    const started = descendantsOf(system.process.pid ?? -1);
    expect(started.length).toBeGreaterThanOrEqual(7);
    const exitCode = await stopSystemCommand(system);
    stopped = true;
    expect(exitCode).toBe(0);
    expect(started.filter(isAlive)).toEqual([]);
  });

  it('stops every process it started on SIGTERM while it is still starting', async () => {
    const starting = spawnSystemCommand();
    try {
      const services = await eventually(
        () => {
          const found = descendantsOf(starting.process.pid ?? -1).filter(isServiceProcess);
          return found.length >= SERVICE_PROCESSES ? found : undefined;
        },
        { what: 'every service process started', timeoutMs: SERVICES_SPAWNED_TIMEOUT_MS, intervalMs: 50 },
      );
      expect(starting.output()).not.toContain('is ready');
      const exitCode = await stopSystemCommand(starting);
      expect(exitCode).toBe(0);
      expect(starting.output()).toContain('stopped before it was ready');
      expect(services.filter(isAlive)).toEqual([]);
    } finally {
      if (starting.process.exitCode === null) starting.process.kill('SIGKILL');
      await Promise.all(DATA_SERVICES.map((service) => dropDatabase(postgresAdminUrl, databaseName(starting.databasePrefix, service))));
    }
  });
});
