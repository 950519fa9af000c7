/**
 * `npm run bench`: end-to-end posting throughput on this machine. It starts the whole system
 * (every service, Kafka and Postgres on the same cores) with its own ports and databases,
 * creates invoices of 5 lines across many customers through the REST API, requests posting for
 * all of them as fast as the API takes them, and reads InvoicePosted from the real topic.
 *
 * It prints invoices posted per second (overall, and sustained: between 10 % and 90 % of the
 * completions, so start-up and the tail do not flatter or spoil the figure), latency
 * percentiles from the post request to the InvoicePosted event, the CPU each part of the system
 * used per invoice, the same for creating the invoices beforehand, the statements Postgres was
 * busiest with and what each statement cost in all (load/src/database-activity.ts), and each
 * service's peak memory.
 *
 * Posting is requested in requests of many documents (POST .../invoices/post), BENCH_POST_BATCH
 * at a time, as an ERP client posting its day's invoices would; BENCH_POST_BATCH=1 requests each
 * document alone (POST .../invoices/{id}/post) instead. A document's latency counts from the
 * moment the request that named it was sent.
 *
 * Options (environment): BENCH_INVOICES (default 5000), BENCH_CUSTOMERS (200),
 * BENCH_CONCURRENCY (64 requests in flight while creating, and while posting one by one),
 * BENCH_POST_BATCH (500 documents per posting request; 1 = one request per document),
 * BENCH_POST_CONCURRENCY (4 requests of many documents in flight).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { commonV1Envelope, eventRegistry, postingV1Events } from '@ledgerline/contracts';
import { inParallel } from '@ledgerline/collections';
import { createKafka, deleteTopicsContaining } from '@ledgerline/kafka';
import { dropDatabase } from '@ledgerline/db';
import { DATA_SERVICES, databaseName, ensureKafka, ensurePostgres, startSystem, systemOptionsFromEnv } from '@ledgerline/local-runtime';
import { createLogger } from '@ledgerline/telemetry';
import { measureStatementCosts, sampleDatabaseActivity, ACTIVITY_SAMPLE_INTERVAL_MS, type StatementCost } from './database-activity.js';

const INVOICES = Number(process.env.BENCH_INVOICES ?? 5_000);
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const POST_BATCH = Math.max(1, Number(process.env.BENCH_POST_BATCH ?? 500));
const POST_CONCURRENCY = Number(process.env.BENCH_POST_CONCURRENCY ?? 4);
const LINES_PER_INVOICE = 5;
/** Longest the bench waits for the last InvoicePosted before it reports what it has. */
const COMPLETION_TIMEOUT_MS = 600_000;
const BENCH_PORTS = { grpcPortBase: 31151, healthPortBase: 10081, gatewayPort: 19080 };
/** Attempts of one request that the gateway answered with a 5xx (a deadline under load). */
const REQUEST_ATTEMPTS_MAX = 5;
/** Statements listed in the Postgres activity of the posting window. */
const STATEMENTS_SHOWN = 8;
/** Statements listed by their execution time in the posting window. */
const STATEMENT_COSTS_SHOWN = 12;
/** Linux clock ticks per second, the unit of utime and stime in /proc/<pid>/stat. */
const CLOCK_TICKS_PER_SECOND = 100;

const runId = randomUUID().slice(0, 8);
const company = `bench-${runId}`;
const log = (message: string) => process.stdout.write(`${message}\n`);

const options = {
  ...systemOptionsFromEnv({ ...process.env, LOG_LEVEL: 'warn' }, process.stderr),
  ...BENCH_PORTS,
  databasePrefix: `bench_${runId}`,
  topicPrefix: `bench_${runId}.`,
  devApiKey: `bench-key-${runId}-0123456789`,
};
log(`bench: starting the system (company ${company}, ${INVOICES} invoices of ${LINES_PER_INVOICE} lines, ${CUSTOMERS} customers)`);
const system = await startSystem(options);
const peakMemoryMb = new Map<string, number>();
let retries = 0;
let databaseActivity: ReturnType<typeof sampleDatabaseActivity> | undefined;
let statementCosts: { stop(): Promise<StatementCost[]> } | undefined;

try {
  // Writes carry an Idempotency-Key and a request that timed out is sent again with it, as an
  // ERP client would: the repeat answers as the first request did.
  const call = async (method: string, path: string, body?: unknown): Promise<Record<string, unknown>> => {
    const idempotencyKey = randomUUID();
    for (let attempt = 1; ; attempt += 1) {
      const response = await fetch(`${system.gatewayUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${options.devApiKey}`, 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (response.status >= 500 && attempt < REQUEST_ATTEMPTS_MAX) {
        retries += 1;
        continue;
      }
      if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
      return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
    }
  };

  await call('POST', '/v1/companies', { id: company, name: 'Bench', homeCurrency: 'EUR', reportingCurrency: 'USD', fiscalYearStart: '2026-01-01', template: 'standard' });
  await call('POST', `/v1/companies/${company}/exchange-rates`, { from: 'EUR', to: 'USD', date: '2026-01-01', rate: '1.0812' });
  await inParallel(CUSTOMERS, CONCURRENCY, (index) =>
    call('POST', `/v1/companies/${company}/customers`, { id: `C${index}`, name: `Customer ${index}`, currency: 'EUR', paymentTerms: 'STANDARD' }),
  );
  const invoiceIds: string[] = new Array<string>(INVOICES);
  const creationCpuBefore = cpuSecondsByComponent(system.servicePids);
  const createdAt = Date.now();
  await inParallel(INVOICES, CONCURRENCY, async (index) => {
    const lines = Array.from({ length: LINES_PER_INVOICE }, (_, line) => ({
      description: `Line ${line + 1}`,
      quantity: String(line + 1),
      unitPrice: `${(index % 97) + 10}.${String(line * 7).padStart(2, '0').slice(0, 2)}`,
      account: line % 2 === 0 ? '4000' : '4100',
      taxCode: line === 4 ? 'RED' : 'STD',
    }));
    const invoice = await call('POST', `/v1/companies/${company}/invoices`, { type: 'FREE_TEXT', customerId: `C${index % CUSTOMERS}`, invoiceDate: '2026-11-02', lines });
    invoiceIds[index] = String(invoice.id);
  });
  const creationSeconds = (Date.now() - createdAt) / 1000;
  const creationCpu = cpuUsedSince(creationCpuBefore, cpuSecondsByComponent(system.servicePids));
  log(`bench: created ${INVOICES} invoices in ${creationSeconds.toFixed(1)} s; posting them`);

  const requestedAt = new Map<string, number>();
  const postedAt = new Map<string, number>();
  const { brokers } = await ensureKafka();
  const kafka = createKafka({ clientId: `bench-${runId}`, brokers: brokers.split(','), logger: createLogger('bench', 'warn') });
  const reader = kafka.consumer({ groupId: `bench-${runId}` });
  await reader.connect();
  await reader.subscribe({ topic: `${options.topicPrefix}${eventRegistry['posting.v1.InvoicePosted'].topic}`, fromBeginning: true });
  let readerReady: () => void = () => {};
  const assigned = new Promise<void>((resolve) => {
    readerReady = resolve;
  });
  reader.on(reader.events.GROUP_JOIN, () => readerReady());
  await reader.run({
    eachBatch: async ({ batch }) => {
      const now = Date.now();
      for (const message of batch.messages) {
        if (message.value === null) continue;
        const envelope = commonV1Envelope.EventEnvelope.decode(message.value);
        if (envelope.companyId !== company) continue;
        const posted = postingV1Events.InvoicePosted.decode(envelope.payload);
        if (!postedAt.has(posted.invoiceId)) postedAt.set(posted.invoiceId, now);
      }
    },
  });
  await assigned;

  const sampler = setInterval(() => {
    for (const [name, pid] of system.servicePids) {
      const megabytes = residentPeakMb(pid);
      if (megabytes !== undefined) peakMemoryMb.set(name, Math.max(peakMemoryMb.get(name) ?? 0, megabytes));
    }
  }, 500);
  const { adminUrl } = await ensurePostgres();
  databaseActivity = sampleDatabaseActivity(adminUrl, options.databasePrefix);
  const measuring = await measureStatementCosts(adminUrl, options.databasePrefix);
  if (!('unavailable' in measuring)) statementCosts = measuring;
  const cpuBefore = cpuSecondsByComponent(system.servicePids);
  const machineBefore = machineSeconds();
  const startedAt = Date.now();
  if (POST_BATCH === 1) {
    await inParallel(INVOICES, CONCURRENCY, async (index) => {
      const invoiceId = invoiceIds[index] ?? '';
      requestedAt.set(invoiceId, Date.now());
      await call('POST', `/v1/companies/${company}/invoices/${invoiceId}/post`);
    });
  } else {
    const requests = Math.ceil(INVOICES / POST_BATCH);
    await inParallel(requests, POST_CONCURRENCY, async (index) => {
      const named = invoiceIds.slice(index * POST_BATCH, (index + 1) * POST_BATCH);
      const sentAt = Date.now();
      for (const invoiceId of named) requestedAt.set(invoiceId, sentAt);
      const answer = await call('POST', `/v1/companies/${company}/invoices/post`, { invoiceIds: named });
      if (answer.refusedCount !== 0) throw new Error(`a posting request refused documents: ${JSON.stringify(answer.results)}`);
    });
  }
  const requestsDoneAt = Date.now();
  const deadline = Date.now() + COMPLETION_TIMEOUT_MS;
  while (postedAt.size < INVOICES && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  clearInterval(sampler);
  const cpuAfter = cpuSecondsByComponent(system.servicePids);
  const machineAfter = machineSeconds();
  // Each is forgotten before it is stopped, so the cleanup below never stops it a second time.
  const sampled = databaseActivity;
  databaseActivity = undefined;
  const busiestStatements = (await sampled.stop()).slice(0, STATEMENTS_SHOWN);
  const measured = statementCosts;
  statementCosts = undefined;
  const costs = await measured?.stop();
  await reader.disconnect();

  const completions = [...postedAt.values()].sort((a, b) => a - b);
  const latencies = invoiceIds
    .filter((id) => postedAt.has(id))
    .map((id) => (postedAt.get(id) ?? 0) - (requestedAt.get(id) ?? 0))
    .sort((a, b) => a - b);
  const lastAt = completions.at(-1) ?? Date.now();
  const overall = completions.length / ((lastAt - startedAt) / 1000);
  const low = completions[Math.floor(completions.length * 0.1)] ?? startedAt;
  const high = completions[Math.floor(completions.length * 0.9)] ?? lastAt;
  const sustained = (Math.floor(completions.length * 0.9) - Math.floor(completions.length * 0.1)) / Math.max((high - low) / 1000, 0.001);
  const percentile = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? Number.NaN;

  log('');
  log('Ledgerline posting benchmark (every service, Kafka and Postgres on this machine)');
  log(`  invoices posted:              ${completions.length} of ${INVOICES} (${LINES_PER_INVOICE} lines each, ${CUSTOMERS} customers)`);
  const requestShape = POST_BATCH === 1 ? 'one document per request' : `up to ${POST_BATCH} documents per request`;
  log(`  posting requested:            ${requestShape}`);
  log(`  post requests accepted in:    ${((requestsDoneAt - startedAt) / 1000).toFixed(1)} s (${(INVOICES / ((requestsDoneAt - startedAt) / 1000)).toFixed(0)} documents/s)`);
  log(`  throughput, overall:          ${overall.toFixed(0)} invoices/s`);
  log(`  throughput, sustained:        ${sustained.toFixed(0)} invoices/s (10 %..90 % of completions)`);
  log(`  latency post -> InvoicePosted: p50 ${percentile(0.5)} ms, p95 ${percentile(0.95)} ms, p99 ${percentile(0.99)} ms`);
  log(`  requests retried after a 5xx: ${retries}`);
  const postedCount = Math.max(completions.length, 1);
  log(`  CPU per invoice posted, by component (posting window, ${((lastAt - startedAt) / 1000).toFixed(1)} s on 2 cores):`);
  logCpuPerInvoice(cpuUsedSince(cpuBefore, cpuAfter), postedCount);
  logMachine(machineBefore, machineAfter);
  log(`  Postgres, busiest statements (backends running each, on average; sampled every ${ACTIVITY_SAMPLE_INTERVAL_MS} ms):`);
  for (const share of busiestStatements) {
    log(`    ${share.backendsOnAverage.toFixed(2)}  ${share.service.padEnd(13)} ${share.waitingOn.padEnd(20)} ${share.statement}`);
  }
  if (costs === undefined) {
    log(`  Postgres, statements by execution time: ${'unavailable' in measuring ? measuring.unavailable : 'not measured'}`);
  } else {
    const totalMs = costs.reduce((total, cost) => total + cost.executionMs, 0);
    log(
      `  Postgres, statements by execution time (pg_stat_statements; planning not counted; wall time, with lock and CPU waits): ${((totalMs * 1000) / postedCount).toFixed(0)} µs per invoice in all`,
    );
    log('    µs/invoice  calls  rows/invoice  service       statement');
    for (const cost of costs.slice(0, STATEMENT_COSTS_SHOWN)) {
      const perInvoice = ((cost.executionMs * 1000) / postedCount).toFixed(1);
      log(`    ${perInvoice.padStart(10)}  ${String(cost.calls).padStart(5)}  ${(cost.rows / postedCount).toFixed(2).padStart(12)}  ${cost.service.padEnd(13)} ${cost.statement}`);
    }
  }
  log(`  creating the invoices (POST .../invoices, ${CONCURRENCY} in flight, before posting): ${(INVOICES / creationSeconds).toFixed(0)} invoices/s`);
  log(`  CPU per invoice created, by component (${creationSeconds.toFixed(1)} s):`);
  logCpuPerInvoice(creationCpu, INVOICES);
  log('  peak resident memory:');
  for (const [name, megabytes] of [...peakMemoryMb].sort()) log(`    ${name.padEnd(14)} ${megabytes.toFixed(0)} MB`);
  if (completions.length < INVOICES) {
    process.exitCode = 1;
    log(`bench: only ${completions.length} of ${INVOICES} invoices were posted within ${COMPLETION_TIMEOUT_MS / 1000} s`);
  }
} finally {
  try {
    await Promise.all([databaseActivity?.stop(), statementCosts?.stop()]);
  } finally {
    await system.stop();
    const { adminUrl } = await ensurePostgres();
    await Promise.all(DATA_SERVICES.map((service) => dropDatabase(adminUrl, databaseName(options.databasePrefix, service))));
    const { brokers } = await ensureKafka();
    const cleanup = createKafka({ clientId: `bench-${runId}-cleanup`, brokers: brokers.split(','), logger: createLogger('bench', 'warn') });
    await deleteTopicsContaining(cleanup, options.topicPrefix);
  }
}

/** CPU seconds each component used between two readings, most first. */
function cpuUsedSince(before: ReadonlyMap<string, number>, after: ReadonlyMap<string, number>): Array<readonly [string, number]> {
  return [...after].map(([name, seconds]) => [name, seconds - (before.get(name) ?? 0)] as const).sort((a, b) => b[1] - a[1]);
}

function logCpuPerInvoice(rows: ReadonlyArray<readonly [string, number]>, invoices: number): void {
  for (const [name, seconds] of rows) log(`    ${name.padEnd(14)} ${((seconds * 1000) / invoices).toFixed(2)} ms  (${seconds.toFixed(1)} s)`);
  log(`    ${'total'.padEnd(14)} ${((rows.reduce((total, [, seconds]) => total + seconds, 0) * 1000) / invoices).toFixed(2)} ms`);
}

/**
 * CPU seconds (user + system) used so far by each service, by the Kafka broker, by all Postgres
 * processes and by this benchmark itself: what each part of the system costs per invoice.
 */
function cpuSecondsByComponent(servicePids: ReadonlyMap<string, number>): Map<string, number> {
  const seconds = new Map<string, number>();
  const add = (name: string, pid: number, withReapedChildren = false) => {
    const value = cpuSecondsOf(pid, withReapedChildren);
    if (value !== undefined) seconds.set(name, (seconds.get(name) ?? 0) + value);
  };
  for (const [name, pid] of servicePids) add(name, pid);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const commandLine = readText(`/proc/${pid}/cmdline`);
    if (commandLine === undefined) continue;
    if (commandLine.includes('kafka.Kafka')) add('kafka broker', pid);
    // A connection's backend exits when its pool closes it; what it used stays counted in the
    // postmaster's reaped-children time, so a backend that ends mid-bench is not lost.
    else if (readText(`/proc/${pid}/comm`)?.trim() === 'postgres') add('postgres', pid, true);
  }
  add('bench client', process.pid);
  return seconds;
}

/** The whole machine's CPU seconds so far, from the first line of /proc/stat, summed over its cores. */
interface MachineSeconds {
  /** user, nice, system, irq and softirq. */
  busy: number;
  /** idle and iowait. */
  idle: number;
  /** Time the hypervisor gave this machine's cores to other guests. */
  steal: number;
}

function machineSeconds(): MachineSeconds | undefined {
  const line = readText('/proc/stat')?.split('\n', 1)[0];
  if (line === undefined || !line.startsWith('cpu ')) return undefined;
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1, 9).map(Number);
  if (steal === undefined || [user, nice, system, idle, iowait, irq, softirq].some((value) => value === undefined || Number.isNaN(value))) return undefined;
  const ticks = (values: readonly (number | undefined)[]) => values.reduce<number>((total, value) => total + (value ?? 0), 0) / CLOCK_TICKS_PER_SECOND;
  return { busy: ticks([user, nice, system, irq, softirq]), idle: ticks([idle, iowait]), steal: ticks([steal]) };
}

/**
 * How loaded the machine was while the figures above were taken: the same code measures a
 * quarter faster or slower from run to run here, and the share of time the hypervisor gave to
 * other guests (steal) is one thing that tells such runs apart.
 */
function logMachine(before: MachineSeconds | undefined, after: MachineSeconds | undefined): void {
  if (before === undefined || after === undefined) return;
  const busy = after.busy - before.busy;
  const steal = after.steal - before.steal;
  const total = busy + (after.idle - before.idle) + steal;
  if (total <= 0) return;
  const percent = (seconds: number) => `${((100 * seconds) / total).toFixed(0)} %`;
  log(`    machine: ${percent(busy)} busy, ${percent(steal)} stolen by the hypervisor`);
}

/** utime + stime, and with reaped children cutime + cstime too (fields 14 to 17 of /proc/<pid>/stat). */
function cpuSecondsOf(pid: number, withReapedChildren: boolean): number | undefined {
  const stat = readText(`/proc/${pid}/stat`);
  if (stat === undefined) return undefined;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const own = Number(fields[11]) + Number(fields[12]);
  const children = withReapedChildren ? Number(fields[13]) + Number(fields[14]) : 0;
  return (own + children) / CLOCK_TICKS_PER_SECOND;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** A process's peak resident set (VmHWM) in megabytes, from /proc; undefined once it has exited. */
function residentPeakMb(pid: number): number | undefined {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] === undefined ? undefined : Number(match[1]) / 1024;
  } catch {
    return undefined;
  }
}
