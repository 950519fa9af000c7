import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withLock } from './lock.js';
import { canConnect, parseHostPort, portFromEnv, type HostPort } from './net.js';
import { localDir, userCacheDir } from './paths.js';
import { findOnPath, isOwnProcess, logTail, readPid, run, runChecked, sleep } from './proc.js';

const DEFAULT_PORT = 19092;
const DEFAULT_CONTROLLER_PORT = 19093;
const HOST = '127.0.0.1';
const NODE_ID = 1;
const DEFAULT_PARTITIONS = 6;
/**
 * Internal topics default to 50 partitions; creating them on the first consumer group or
 * transaction costs seconds on a 2-core box for no benefit on a single broker.
 */
const INTERNAL_TOPIC_PARTITIONS = 6;

const READY_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 30_000;
const POLL_INTERVAL_MS = 300;
const PROBE_TIMEOUT_MS = 2_000;
const EXTERNAL_CONNECT_TIMEOUT_MS = 5_000;
/** The first fetch downloads ~40 MB of jars; generous so a slow mirror is not mistaken for failure. */
const MAVEN_TIMEOUT_MS = 15 * 60_000;
const MIN_JAVA_MAJOR = 17; // Kafka 4 brokers need Java 17.

const BROKER_MAIN_CLASS = 'kafka.Kafka';
const STORAGE_TOOL_CLASS = 'kafka.tools.StorageTool';

/**
 * The whole system shares 2 cores and one machine, so the heap stays modest. SerialGC: on a heap
 * this small its young collections take milliseconds, and unlike G1 it runs no concurrent GC
 * threads competing with the services (startup measured the same either way).
 */
const BROKER_JVM_FLAGS = [
  '-Xms256m',
  '-Xmx512m',
  '-XX:+UseSerialGC',
  '-XX:+ExitOnOutOfMemoryError',
  '-Djava.awt.headless=true',
];
/** The storage tool runs once for about a second: the quick C1 compiler is all it needs. */
const TOOL_JVM_FLAGS = ['-Xmx256m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Djava.awt.headless=true'];

const INSTALL_HINT =
  'install Java 17+ and Maven (Debian: apt-get install openjdk-17-jre-headless maven), ' +
  'or set KAFKA_BROKERS=host:port to use a running broker';

export interface KafkaInfo {
  /** Bootstrap servers for clients, "host:port". */
  brokers: string;
  /** True when this call started the broker (false when reused or external). */
  startedHere: boolean;
}

export interface KafkaStatus {
  /** 'env' when KAFKA_BROKERS points elsewhere, 'local' for the broker managed here. */
  source: 'env' | 'local';
  brokers: string;
  /** Answers Kafka requests (local) or accepts TCP connections (env). */
  ready: boolean;
  pid: number | null;
  logFile: string | null;
}

interface KafkaPaths {
  dataDir: string;
  logDirs: string;
  serverProperties: string;
  log4jConfig: string;
  serverLog: string;
  /** The JVM's own stdout/stderr: crashes before logging is set up land here. */
  consoleLog: string;
  pidFile: string;
}

function kafkaPaths(): KafkaPaths {
  const dataDir = join(localDir(), 'kafka');
  return {
    dataDir,
    logDirs: join(dataDir, 'data'),
    serverProperties: join(dataDir, 'server.properties'),
    log4jConfig: join(dataDir, 'log4j2.properties'),
    serverLog: join(dataDir, 'server.log'),
    consoleLog: join(dataDir, 'console.log'),
    pidFile: join(dataDir, 'kafka.pid'),
  };
}

function localAddress(): HostPort {
  return { host: HOST, port: portFromEnv('LEDGERLINE_KAFKA_PORT', DEFAULT_PORT) };
}

/** The client port in server.properties, which is rewritten at each start: the running broker's. */
function configuredPort(paths: KafkaPaths): number | undefined {
  if (!existsSync(paths.serverProperties)) return undefined;
  const match = /^advertised\.listeners=PLAINTEXT:\/\/[^:]+:(\d+)$/m.exec(readFileSync(paths.serverProperties, 'utf8'));
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** The first broker of KAFKA_BROKERS, when set. */
function externalBroker(): { brokers: string; first: HostPort } | undefined {
  const brokers = process.env.KAFKA_BROKERS?.trim();
  if (!brokers) return undefined;
  return { brokers, first: parseHostPort(brokers.split(',')[0] ?? '', 'KAFKA_BROKERS') };
}

/**
 * Makes sure a Kafka broker is reachable: the one named by KAFKA_BROKERS, a local broker from an
 * earlier run, or a new single-node KRaft broker started from jars on Maven Central.
 */
export async function ensureKafka(): Promise<KafkaInfo> {
  const external = externalBroker();
  if (external) {
    if (!(await canConnect(external.first, EXTERNAL_CONNECT_TIMEOUT_MS))) {
      throw new Error(
        `KAFKA_BROKERS is set but ${external.first.host}:${external.first.port} does not accept connections; ` +
          'start that broker or unset KAFKA_BROKERS to run a local one',
      );
    }
    return { brokers: external.brokers, startedHere: false };
  }
  return withLock('kafka', startLocalBroker);
}

async function startLocalBroker(): Promise<KafkaInfo> {
  const paths = kafkaPaths();
  const address = localAddress();
  const brokers = `${address.host}:${address.port}`;

  const previous = readPid(paths.pidFile);
  if (previous !== undefined && isOwnProcess(previous, BROKER_MAIN_CLASS)) {
    const runningPort = configuredPort(paths);
    if (runningPort !== address.port) {
      throw new Error(
        `the local broker (pid ${previous}) listens on port ${runningPort ?? '?'}, not ${address.port} ` +
          '(LEDGERLINE_KAFKA_PORT); stop it first (npm run infra:down)',
      );
    }
    // Errors this broker logged long ago would mislead; quote only those logged from now on.
    const serverLogNow = existsSync(paths.serverLog) ? statSync(paths.serverLog).size : 0;
    await waitUntilReady(previous, address, paths, 'a broker from an earlier run', serverLogNow);
    return { brokers, startedHere: false };
  }
  rmSync(paths.pidFile, { force: true });
  if (await canConnect(address, PROBE_TIMEOUT_MS)) {
    throw new Error(
      `port ${address.port} is already in use by another program; ` +
        'set LEDGERLINE_KAFKA_PORT to a free port or KAFKA_BROKERS to use that broker',
    );
  }

  const java = await requireJava();
  const libsDir = await ensureJars();
  const classpath = join(libsDir, '*');
  mkdirSync(paths.logDirs, { recursive: true });
  writeFileSync(paths.serverProperties, serverProperties(paths, address));
  writeFileSync(paths.log4jConfig, log4jConfig(paths));
  const logging = `-Dlog4j2.configurationFile=${paths.log4jConfig}`;

  if (!existsSync(join(paths.logDirs, 'meta.properties'))) {
    // "=" form: a random cluster id may start with "-", which would read as an option.
    const clusterId = `--cluster-id=${randomBytes(16).toString('base64url')}`;
    await runChecked(
      java,
      [...TOOL_JVM_FLAGS, logging, '-cp', classpath, STORAGE_TOOL_CLASS, 'format', clusterId, '--config', paths.serverProperties],
      { cwd: paths.dataDir },
    );
  }

  const serverLogStart = existsSync(paths.serverLog) ? statSync(paths.serverLog).size : 0;
  const pid = await spawnDetached(
    java,
    [...BROKER_JVM_FLAGS, logging, '-cp', classpath, BROKER_MAIN_CLASS, paths.serverProperties],
    paths,
  );
  writeFileSync(paths.pidFile, `${pid}\n`);
  try {
    await waitUntilReady(pid, address, paths, 'the broker', serverLogStart);
  } catch (err) {
    // Do not leave a half-started broker behind for the next caller to trip over.
    await terminate(pid);
    rmSync(paths.pidFile, { force: true });
    throw err;
  }
  return { brokers, startedHere: true };
}

/**
 * Starts the broker in its own session and process group, detached from this process's stdio.
 * The console log holds only this run's JVM output (crashes before logging is set up).
 */
async function spawnDetached(java: string, args: string[], paths: KafkaPaths): Promise<number> {
  const consoleFd = openSync(paths.consoleLog, 'w');
  try {
    const child = spawn(java, args, { cwd: paths.dataDir, detached: true, stdio: ['ignore', consoleFd, consoleFd] });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (err) => reject(new Error(`cannot start ${java}: ${err.message}`)));
    });
    child.unref();
    if (child.pid === undefined) throw new Error(`${java} started without a pid`);
    return child.pid;
  } finally {
    closeSync(consoleFd);
  }
}

/**
 * An open port is not enough: KRaft binds the listener early but answers requests only once the
 * broker has caught up with the metadata log, so readiness is an ApiVersions round trip.
 */
async function waitUntilReady(
  pid: number,
  address: HostPort,
  paths: KafkaPaths,
  what: string,
  serverLogStart: number,
): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  const logs = (): string => `${logTail(paths.serverLog, serverLogStart)}\n${logTail(paths.consoleLog)}`;
  for (;;) {
    if (!isOwnProcess(pid, BROKER_MAIN_CLASS)) {
      throw new Error(`${what} (pid ${pid}) exited during startup\n${logs()}`);
    }
    if (await apiVersionsOk(address, PROBE_TIMEOUT_MS)) return;
    if (Date.now() > deadline) {
      throw new Error(
        `${what} (pid ${pid}) did not answer on ${address.host}:${address.port} within ${READY_TIMEOUT_MS / 1000}s\n${logs()}`,
      );
    }
    await sleep(POLL_INTERVAL_MS);
  }
}

const API_VERSIONS_KEY = 18;
const PROBE_CORRELATION_ID = 0x11ed;
const PROBE_CLIENT_ID = Buffer.from('ledgerline-local-probe');

/**
 * Sends a Kafka ApiVersions v0 request (the one version every broker must accept so clients can
 * negotiate) and reports whether the broker answered it without error.
 */
function apiVersionsOk(address: HostPort, timeoutMs: number): Promise<boolean> {
  // Frame: int32 size, then header v1: int16 api key, int16 api version, int32 correlation id,
  // int16-length client id. The v0 body is empty.
  const request = Buffer.alloc(4 + 2 + 2 + 4 + 2 + PROBE_CLIENT_ID.length);
  let offset = request.writeInt32BE(request.length - 4, 0);
  offset = request.writeInt16BE(API_VERSIONS_KEY, offset);
  offset = request.writeInt16BE(0, offset);
  offset = request.writeInt32BE(PROBE_CORRELATION_ID, offset);
  offset = request.writeInt16BE(PROBE_CLIENT_ID.length, offset);
  PROBE_CLIENT_ID.copy(request, offset);

  return new Promise((resolve) => {
    const socket = connect(address);
    let received = Buffer.alloc(0);
    const finish = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('close', () => finish(false));
    socket.once('connect', () => socket.write(request));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      // Response: int32 size, int32 correlation id, int16 error code, ...
      if (received.length < 10) return;
      finish(received.readInt32BE(4) === PROBE_CORRELATION_ID && received.readInt16BE(8) === 0);
    });
  });
}

async function requireJava(): Promise<string> {
  const javaHome = process.env.JAVA_HOME;
  const java = javaHome ? join(javaHome, 'bin', 'java') : findOnPath('java');
  if (java === undefined || !existsSync(java)) {
    throw new Error(`cannot start a local Kafka: no java found${javaHome ? ` in JAVA_HOME=${javaHome}` : ' on PATH'}; ${INSTALL_HINT}`);
  }
  const { output } = await run(java, ['-version']);
  // "17.0.15" and "21" style, or "1.8.0_392" before Java 9.
  const match = /version "(?:1\.)?(\d+)/.exec(output);
  const major = match?.[1] === undefined ? NaN : Number(match[1]);
  if (!(major >= MIN_JAVA_MAJOR)) {
    throw new Error(`Kafka 4 needs Java ${MIN_JAVA_MAJOR}+, but ${java} says: ${output.trim()}; ${INSTALL_HINT}`);
  }
  return java;
}

const POM_PATH = join(dirname(fileURLToPath(import.meta.url)), '..', 'kafka', 'pom.xml');
const CACHE_MARKER = 'complete';

/** The Kafka version pinned in the pom (single source of truth). */
export function kafkaVersion(): string {
  const version = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(readFileSync(POM_PATH, 'utf8'))?.[1];
  if (version === undefined) throw new Error(`no <kafka.version> property in ${POM_PATH}`);
  return version;
}

/**
 * The broker's runtime classpath, fetched with Maven once per user and pom. The marker holds the
 * pom's hash, so a half-finished fetch or an edited pom triggers a fresh fetch.
 */
async function ensureJars(): Promise<string> {
  const pom = readFileSync(POM_PATH);
  const pomHash = createHash('sha256').update(pom).digest('hex');
  const versionDir = join(userCacheDir(), `kafka-${kafkaVersion()}`);
  const libsDir = join(versionDir, 'libs');
  const marker = join(versionDir, CACHE_MARKER);
  if (existsSync(marker) && readFileSync(marker, 'utf8').trim() === pomHash) return libsDir;

  const mvn = findOnPath('mvn');
  if (mvn === undefined) {
    throw new Error(`cannot fetch Kafka's jars: no mvn on PATH; ${INSTALL_HINT}`);
  }
  // Fetch into a private directory and swap it in, so a broken fetch never looks complete.
  const staging = join(versionDir, `libs.partial-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    await runChecked(
      mvn,
      ['-B', '-q', '-f', POM_PATH, 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${staging}`],
      { timeoutMs: MAVEN_TIMEOUT_MS },
    );
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`fetching Kafka's jars with Maven failed: ${(err as Error).message}`);
  }
  if (existsSync(marker) && readFileSync(marker, 'utf8').trim() === pomHash) {
    // Another clone sharing this cache finished the same fetch meanwhile and may be using it.
    rmSync(staging, { recursive: true, force: true });
    return libsDir;
  }
  rmSync(marker, { force: true });
  rmSync(libsDir, { recursive: true, force: true });
  renameSync(staging, libsDir);
  writeFileSync(marker, `${pomHash}\n`);
  return libsDir;
}

function serverProperties(paths: KafkaPaths, address: HostPort): string {
  const controllerPort = portFromEnv('LEDGERLINE_KAFKA_CONTROLLER_PORT', DEFAULT_CONTROLLER_PORT);
  const partitions = positiveIntFromEnv('LEDGERLINE_KAFKA_PARTITIONS', DEFAULT_PARTITIONS);
  const settings: Record<string, string | number> = {
    'process.roles': 'broker,controller',
    'node.id': NODE_ID,
    // A static single-voter quorum: nothing to bootstrap beyond formatting the storage.
    'controller.quorum.voters': `${NODE_ID}@${HOST}:${controllerPort}`,
    listeners: `PLAINTEXT://${address.host}:${address.port},CONTROLLER://${HOST}:${controllerPort}`,
    'advertised.listeners': `PLAINTEXT://${address.host}:${address.port}`,
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'log.dirs': paths.logDirs,
    'num.partitions': partitions,
    'auto.create.topics.enable': 'true',
    // One broker: every replication factor and ISR minimum must be 1 or topics cannot be created.
    'default.replication.factor': 1,
    'min.insync.replicas': 1,
    'offsets.topic.replication.factor': 1,
    'offsets.topic.num.partitions': INTERNAL_TOPIC_PARTITIONS,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'transaction.state.log.num.partitions': INTERNAL_TOPIC_PARTITIONS,
    'share.coordinator.state.topic.replication.factor': 1,
    'share.coordinator.state.topic.min.isr': 1,
    // Consumers in tests join one at a time; the default 3 s wait for more members only slows them.
    'group.initial.rebalance.delay.ms': 0,
  };
  const lines = Object.entries(settings).map(([key, value]) => `${key}=${value}`);
  return `# Written by deploy/local/src/kafka.ts before every start: edit that file, not this one.\n${lines.join('\n')}\n`;
}

function positiveIntFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

/** Kafka's jars carry no logging configuration; without one the broker logs nothing useful. */
function log4jConfig(paths: KafkaPaths): string {
  return `# Written by deploy/local/src/kafka.ts before every start: edit that file, not this one.
status = warn
appender.file.type = RollingFile
appender.file.name = file
appender.file.fileName = ${paths.serverLog}
appender.file.filePattern = ${paths.serverLog}.%i
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
appender.file.policy.type = SizeBasedTriggeringPolicy
appender.file.policy.size = 20MB
appender.file.strategy.type = DefaultRolloverStrategy
appender.file.strategy.max = 3
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = file
# Per-request and per-partition state chatter drowns the lines that explain a failure.
logger.request.name = kafka.request.logger
logger.request.level = WARN
logger.statechange.name = state.change.logger
logger.statechange.level = WARN
`;
}

/** Stops the local broker from its pid file; true when one was running. */
export async function stopKafka(): Promise<boolean> {
  return withLock('kafka', async () => {
    const { pidFile } = kafkaPaths();
    const pid = readPid(pidFile);
    const running = pid !== undefined && isOwnProcess(pid, BROKER_MAIN_CLASS);
    if (running) await terminate(pid);
    rmSync(pidFile, { force: true });
    return running;
  });
}

/** SIGTERM lets the broker close its logs cleanly (faster next start); SIGKILL if it hangs. */
async function terminate(pid: number): Promise<void> {
  signalGroup(pid, 'SIGTERM');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (isOwnProcess(pid, BROKER_MAIN_CLASS)) {
    if (Date.now() > deadline) {
      signalGroup(pid, 'SIGKILL');
      return;
    }
    await sleep(POLL_INTERVAL_MS);
  }
}

/** The broker leads its own process group (spawned detached); a group already gone is fine. */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

export async function kafkaStatus(): Promise<KafkaStatus> {
  const external = externalBroker();
  if (external) {
    const ready = await canConnect(external.first, EXTERNAL_CONNECT_TIMEOUT_MS);
    return { source: 'env', brokers: external.brokers, ready, pid: null, logFile: null };
  }
  const paths = kafkaPaths();
  const pid = readPid(paths.pidFile);
  const alive = pid !== undefined && isOwnProcess(pid, BROKER_MAIN_CLASS);
  // A running broker is reported where it actually listens, which may predate a port change.
  const runningPort = alive ? configuredPort(paths) : undefined;
  const address = runningPort === undefined ? localAddress() : { host: HOST, port: runningPort };
  return {
    source: 'local',
    brokers: `${address.host}:${address.port}`,
    ready: alive && (await apiVersionsOk(address, PROBE_TIMEOUT_MS)),
    pid: alive ? pid : null,
    logFile: paths.serverLog,
  };
}
