import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { applyMigrations, databaseUrl, ensureDatabase } from '@ledgerline/db';
import { ensureKafka, stopKafka } from './kafka.js';
import { repoRoot } from './paths.js';
import { ensurePostgres, stopPostgres } from './postgres.js';
import { runChecked } from './proc.js';

/** The data-owning services in start order (ledger first: posting will call it). */
export const DATA_SERVICES = ['ledger', 'invoicing', 'posting', 'customer', 'customer-item', 'batch'] as const;
export type DataServiceName = (typeof DATA_SERVICES)[number];

const GRPC_PORT_BASE_DEFAULT = 50051;
const HEALTH_PORT_BASE_DEFAULT = 8081;
const GATEWAY_PORT_DEFAULT = 8080;
const HOST = '127.0.0.1';
/** How long the whole system may take to report ready before start is declared failed. */
const READY_TIMEOUT_MS = 120_000;
/** How long one service started again by a fault test may take to report ready (one process, not seven). */
export const RESTART_READY_TIMEOUT_MS = 60_000;
const READY_POLL_INTERVAL_MS = 250;
/** How long services get to stop after SIGTERM before they are killed. */
const STOP_TIMEOUT_MS = 20_000;
const DEV_API_KEY_BYTES = 24;

export interface SystemOptions {
  grpcPortBase: number;
  healthPortBase: number;
  gatewayPort: number;
  devApiKey: string;
  logLevel: string;
  /** Databases are named `<prefix>_<service>`; a test system uses its own prefix. */
  databasePrefix: string;
  /** Prepended to every Kafka topic; a test or benchmark system uses its own so it sees only its events. */
  topicPrefix: string;
  /** Where each service's JSON log lines go. */
  output: NodeJS.WritableStream;
}

export function systemOptionsFromEnv(env: NodeJS.ProcessEnv, output: NodeJS.WritableStream): SystemOptions {
  const number = (name: string, fallback: number) => {
    const text = env[name];
    if (text === undefined || text === '') return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value < 0 || value > 65_535) throw new Error(`${name} must be a port number, got ${text}`);
    return value;
  };
  return {
    grpcPortBase: number('LEDGERLINE_GRPC_PORT_BASE', GRPC_PORT_BASE_DEFAULT),
    healthPortBase: number('LEDGERLINE_HEALTH_PORT_BASE', HEALTH_PORT_BASE_DEFAULT),
    gatewayPort: number('GATEWAY_PORT', GATEWAY_PORT_DEFAULT),
    devApiKey: env.LEDGERLINE_DEV_API_KEY ?? `dev_${randomBytes(DEV_API_KEY_BYTES).toString('base64url')}`,
    logLevel: env.LOG_LEVEL ?? 'info',
    databasePrefix: env.LEDGERLINE_DATABASE_PREFIX ?? DATABASE_PREFIX_DEFAULT,
    topicPrefix: env.LEDGERLINE_TOPIC_PREFIX ?? '',
    output,
  };
}

export interface RunningSystem {
  gatewayUrl: string;
  /** Process id of each service, by name, for measurements such as peak memory. */
  servicePids: ReadonlyMap<string, number>;
  devApiKey: string;
  /** Resolves with the first service that exits on its own (a crash), not stopped or killed. */
  crashed: Promise<string>;
  /**
   * For fault tests: kills one service at once (SIGKILL, as a machine or container dies: no
   * shutdown, nothing flushed). The kill is not reported as a crash; restart() brings it back.
   */
  kill(service: ServiceName): Promise<void>;
  /** Starts a killed service again on its ports and database; resolves once it is ready. */
  restart(service: ServiceName): Promise<void>;
  stop(): Promise<void>;
}

export type ServiceName = DataServiceName | 'gateway';

const DATABASE_PREFIX_DEFAULT = 'ledgerline';

export function databaseName(prefix: string, service: DataServiceName): string {
  return `${prefix}_${service.replace('-', '_')}`;
}

/**
 * Prisma clients are generated, not committed; regenerate when a schema is newer than its
 * client so a fresh clone and an edited schema both just work.
 */
async function ensurePrismaClients(root: string): Promise<void> {
  const stale = DATA_SERVICES.filter((service) => {
    const schema = join(root, 'services', service, 'prisma', 'schema.prisma');
    const client = join(root, 'services', service, 'src', 'db', 'generated', 'client.ts');
    return !existsSync(client) || statSync(client).mtimeMs < statSync(schema).mtimeMs;
  });
  if (stale.length === 0) return;
  await runChecked(process.execPath, ['--import', 'tsx', join(root, 'tools', 'prisma-generate.ts')], { cwd: root });
}

/**
 * Starts Kafka and Postgres when needed, migrates each service's database, starts all seven
 * services and resolves once every one reports ready. Whatever it started, stop() stops.
 *
 * Aborting `signal` while it starts (Ctrl-C during the minute a fresh start can take) stops
 * whatever has started by then and rejects with the signal's reason. What is starting when the
 * signal comes (Kafka, Postgres, a migration) is let finish first, so that it can be stopped.
 */
export async function startSystem(options: SystemOptions, signal?: AbortSignal): Promise<RunningSystem> {
  const root = repoRoot();
  const [kafka, postgres] = await Promise.all([ensureKafka(), ensurePostgres(), ensurePrismaClients(root)]);
  const children = new Map<string, ChildProcess>();
  // Set once the system stops: the exits that follow are not crashes, and nothing starts again.
  let stopping = false;
  const stopInfrastructure = async () => {
    if (kafka.startedHere) await stopKafka();
    if (postgres.startedHere) await stopPostgres();
  };
  const stopChildren = async () => {
    stopping = true;
    const running = [...children.values()];
    children.clear();
    await Promise.all(running.map((child) => stopChild(child)));
  };
  try {
    signal?.throwIfAborted();
    await Promise.all(
      DATA_SERVICES.map(async (service) => {
        await ensureDatabase(postgres.adminUrl, databaseName(options.databasePrefix, service));
        await applyMigrations(
          databaseUrl(postgres.adminUrl, databaseName(options.databasePrefix, service)),
          join(root, 'services', service, 'prisma', 'migrations'),
        );
      }),
    );
    signal?.throwIfAborted();
    const grpcAddress = (index: number) => `${HOST}:${options.grpcPortBase + index}`;
    // Every process learns where every service is; each reads only the addresses it calls.
    const common = {
      KAFKA_BROKERS: kafka.brokers,
      KAFKA_TOPIC_PREFIX: options.topicPrefix,
      // Systems sharing a broker (the tests', the bench's, a developer's) keep their consumer
      // groups apart too, so a member killed in one never stalls another's group.
      KAFKA_CONSUMER_GROUP_PREFIX: options.topicPrefix,
      LOG_LEVEL: options.logLevel,
      OTEL_NODE_RESOURCE_DETECTORS: 'env,host,os,process',
      LEDGER_GRPC_ADDRESS: grpcAddress(0),
      INVOICING_GRPC_ADDRESS: grpcAddress(1),
      POSTING_GRPC_ADDRESS: grpcAddress(2),
      CUSTOMER_GRPC_ADDRESS: grpcAddress(3),
      CUSTOMER_ITEM_GRPC_ADDRESS: grpcAddress(4),
      BATCH_GRPC_ADDRESS: grpcAddress(5),
    };
    const environments = new Map<string, Record<string, string>>();
    const readyUrls = new Map<string, string>();
    DATA_SERVICES.forEach((service, index) => {
      environments.set(service, {
        ...common,
        DATABASE_URL: databaseUrl(postgres.adminUrl, databaseName(options.databasePrefix, service)),
        GRPC_HOST: HOST,
        GRPC_PORT: String(options.grpcPortBase + index),
        HEALTH_HOST: HOST,
        HEALTH_PORT: String(options.healthPortBase + index),
      });
      readyUrls.set(service, `http://${HOST}:${options.healthPortBase + index}/readyz`);
    });
    environments.set('gateway', {
      ...common,
      GATEWAY_HOST: HOST,
      GATEWAY_PORT: String(options.gatewayPort),
      LEDGERLINE_DEV_API_KEY: options.devApiKey,
    });
    readyUrls.set('gateway', `http://${HOST}:${options.gatewayPort}/readyz`);
    let reportCrash: (reason: string) => void = () => undefined;
    const crashed = new Promise<string>((resolve) => {
      reportCrash = resolve;
    });
    const launch = (service: string, environment: Record<string, string>): ChildProcess => {
      const child = startChild(root, service, options.output, environment);
      children.set(service, child);
      // Only the process that is the service's now counts: one killed or stopped does not.
      child.once('exit', (code, exitSignal) => {
        if (!stopping && children.get(service) === child) reportCrash(`${service} exited (${exitSignal ?? `code ${String(code)}`})`);
      });
      return child;
    };
    for (const [service, environment] of environments) launch(service, environment);
    await Promise.race([
      waitUntilReady([...readyUrls.values()], signal),
      crashed.then((reason) => Promise.reject(new Error(`a service failed while starting: ${reason}`))),
    ]);
    return {
      gatewayUrl: `http://${HOST}:${options.gatewayPort}`,
      get servicePids() {
        return new Map([...children].flatMap(([name, child]) => (child.pid === undefined ? [] : [[name, child.pid] as const])));
      },
      devApiKey: options.devApiKey,
      crashed,
      async kill(service) {
        const child = children.get(service);
        if (child === undefined) throw new Error(`${service} is not running`);
        children.delete(service);
        await killAbruptly(child);
      },
      async restart(service) {
        const environment = environments.get(service);
        const readyUrl = readyUrls.get(service);
        if (environment === undefined || readyUrl === undefined) throw new Error(`no service ${service}`);
        if (stopping) throw new Error(`the system is stopping; ${service} is not started again`);
        if (children.has(service)) throw new Error(`${service} is running already`);
        const child = launch(service, environment);
        // A restart that dies while starting says so at once, instead of after the readiness timeout.
        const exited = new Promise<never>((_resolve, reject) => {
          child.once('exit', (code, exitSignal) => reject(new Error(`${service} exited while restarting (${exitSignal ?? `code ${String(code)}`})`)));
        });
        await Promise.race([waitUntilReady([readyUrl], undefined, RESTART_READY_TIMEOUT_MS), exited]);
      },
      async stop() {
        await stopChildren();
        await stopInfrastructure();
      },
    };
  } catch (error) {
    await stopChildren();
    await stopInfrastructure();
    throw error;
  }
}

/**
 * Profiling hooks: with LEDGERLINE_CPU_PROFILE_DIR set, each service writes a V8 CPU profile
 * there when it stops; with LEDGERLINE_HEAP_PROFILE_DIR, a sampled profile of the allocations
 * still live when it stops, for memory that grows. Node refuses these flags in NODE_OPTIONS, so
 * they are passed here, one folder per service: the tsx loader runs on a thread of its own and
 * writes a profile too.
 */
function profilingFlags(service: string): string[] {
  const flags: string[] = [];
  const cpuProfileDir = process.env.LEDGERLINE_CPU_PROFILE_DIR;
  if (cpuProfileDir !== undefined && cpuProfileDir !== '') flags.push('--cpu-prof', `--cpu-prof-dir=${join(cpuProfileDir, service)}`);
  const heapProfileDir = process.env.LEDGERLINE_HEAP_PROFILE_DIR;
  if (heapProfileDir !== undefined && heapProfileDir !== '') flags.push('--heap-prof', `--heap-prof-dir=${join(heapProfileDir, service)}`);
  return flags;
}

/**
 * V8 flags of every service process. The whole system shares the machine's cores (2 on the
 * development machine) among seven services, Kafka and Postgres, so V8's parallel garbage
 * collection helper threads only contend with the other processes: with them off, the bench
 * posted 847 and 876 invoices/s sustained (3.7 ms of CPU per invoice) against 662 to 819 with them.
 */
const SERVICE_NODE_FLAGS = ['--single-threaded-gc'];

function startChild(root: string, service: string, output: NodeJS.WritableStream, env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, [...profilingFlags(service), ...SERVICE_NODE_FLAGS, '--import', 'tsx', join(root, 'services', service, 'src', 'main.ts')], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Forwarded chunk by chunk: piping fourteen streams into one stdout adds a listener per pipe.
  const forward = (chunk: Buffer) => output.write(chunk);
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  return child;
}

function killAbruptly(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function waitUntilReady(urls: readonly string[], signal: AbortSignal | undefined, timeoutMs = READY_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const pending = new Set(urls);
  while (pending.size > 0) {
    signal?.throwIfAborted();
    if (Date.now() > deadline) throw new Error(`not ready after ${timeoutMs} ms: ${[...pending].join(', ')}`);
    await Promise.all(
      [...pending].map(async (url) => {
        const ready = await fetch(url).then(
          (response) => response.ok,
          () => false,
        );
        if (ready) pending.delete(url);
      }),
    );
    if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, READY_POLL_INTERVAL_MS));
  }
}
