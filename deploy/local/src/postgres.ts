import { execFileSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withLock } from './lock.js';
import { canConnect, portFromEnv, type HostPort } from './net.js';
import { localDir } from './paths.js';
import { findOnPath, logTail, run, type RunResult } from './proc.js';

const DEFAULT_PORT = 5432;
const DEFAULT_LOCAL_PORT = 15432;
const HOST = '127.0.0.1';
const SUPERUSER = 'postgres';
/** The OS account that owns the cluster when we run as root (initdb refuses to run as root). */
const SERVER_OS_USER = 'postgres';

const START_TIMEOUT_S = 60;
const STOP_TIMEOUT_S = 30;
const CONNECT_TIMEOUT_MS = 5_000;
/** sun_path is 108 bytes on Linux including the terminating NUL. */
const MAX_SOCKET_PATH = 107;

/** pg_ctl status exit codes. */
const PG_CTL_RUNNING = 0;
const PG_CTL_NOT_RUNNING = 3;

const SETTINGS_FILE = 'ledgerline.conf';

const INSTALL_HINT =
  'install PostgreSQL (Debian: apt-get install postgresql), or set DATABASE_URL to a server ' +
  'where that user may create databases';

export interface PostgresInfo {
  /** A URL whose user may create databases. */
  adminUrl: string;
  /** True when this call started the server (false when reused or external). */
  startedHere: boolean;
}

export interface PostgresStatus {
  /** 'env' when DATABASE_URL points elsewhere, 'local' for the cluster managed here. */
  source: 'env' | 'local';
  adminUrl: string;
  /** The server process runs (local) or accepts TCP connections (env). */
  ready: boolean;
  pid: number | null;
  logFile: string | null;
}

interface PgPaths {
  dataDir: string;
  logFile: string;
}

function pgPaths(): PgPaths {
  const dataDir = join(localDir(), 'postgres');
  // Inside the data directory because the server account must be able to write it.
  return { dataDir, logFile: join(dataDir, 'server.log') };
}

function localAddress(): HostPort {
  return { host: HOST, port: portFromEnv('LEDGERLINE_PG_PORT', DEFAULT_LOCAL_PORT) };
}

function localAdminUrl(address: HostPort): string {
  return `postgres://${SUPERUSER}@${address.host}:${address.port}/postgres`;
}

function externalAddress(url: string): HostPort {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('DATABASE_URL is not a valid URL');
  }
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw new Error('DATABASE_URL must name a TCP host (postgres://user@host:port/db)');
  return { host, port: parsed.port === '' ? DEFAULT_PORT : Number(parsed.port) };
}

/**
 * Makes sure a PostgreSQL server is reachable: the one named by DATABASE_URL, or a private
 * cluster in .local/postgres, created and started on first use and reused afterwards.
 */
export async function ensurePostgres(): Promise<PostgresInfo> {
  const externalUrl = process.env.DATABASE_URL?.trim();
  if (externalUrl) {
    const address = externalAddress(externalUrl);
    if (!(await canConnect(address, CONNECT_TIMEOUT_MS))) {
      throw new Error(
        `DATABASE_URL is set but ${address.host}:${address.port} does not accept connections; ` +
          'start that server or unset DATABASE_URL to run a local one',
      );
    }
    return { adminUrl: externalUrl, startedHere: false };
  }
  return withLock('postgres', startLocalCluster);
}

async function startLocalCluster(): Promise<PostgresInfo> {
  const paths = pgPaths();
  const address = localAddress();
  const adminUrl = localAdminUrl(address);
  const server = await serverTools(clusterMajor(paths));

  if (clusterMajor(paths) === undefined) await initCluster(server, paths);

  if (await isRunning(server, paths)) {
    const running = postmaster(paths);
    if (running?.port !== address.port) {
      throw new Error(
        `the cluster in ${paths.dataDir} runs on port ${running?.port ?? '?'}, not ${address.port} ` +
          '(LEDGERLINE_PG_PORT); stop it first (npm run infra:down)',
      );
    }
    if (!(await canConnect(address, CONNECT_TIMEOUT_MS))) {
      throw new Error(`the cluster in ${paths.dataDir} runs but does not accept connections on ${HOST}:${address.port}\n${logTail(paths.logFile)}`);
    }
    return { adminUrl, startedHere: false };
  }
  if (await canConnect(address, CONNECT_TIMEOUT_MS)) {
    throw new Error(
      `port ${address.port} is already in use by another program; ` +
        'set LEDGERLINE_PG_PORT to a free port or DATABASE_URL to use that server',
    );
  }

  writeSettings(server, paths, address);
  const result = await server.exec(join(server.binDir, 'pg_ctl'), [
    'start', '-D', paths.dataDir, '-l', paths.logFile, '-w', '-t', String(START_TIMEOUT_S), '-s',
  ]);
  if (result.code !== 0) {
    throw new Error(`pg_ctl start failed (exit ${result.code}): ${result.output.trim()}\n${logTail(paths.logFile)}`);
  }
  return { adminUrl, startedHere: true };
}

/** The major version that created the cluster (its PG_VERSION file), or undefined if none yet. */
function clusterMajor(paths: PgPaths): string | undefined {
  const file = join(paths.dataDir, 'PG_VERSION');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}

interface ServerTools {
  binDir: string;
  /** Runs a command as the account that owns the cluster. */
  exec(command: string, args: string[]): Promise<RunResult>;
  /** uid/gid to give files the server must own, when we are root. */
  owner: { uid: number; gid: number } | undefined;
}

/**
 * Locates the server binaries (the newest, or the major version that created an existing
 * cluster, which newer binaries cannot open) and how to run them.
 */
async function serverTools(requiredMajor: string | undefined): Promise<ServerTools> {
  const found = await binDirsByMajor();
  const newest = [...found.keys()].sort((a, b) => Number(b) - Number(a))[0];
  const major = requiredMajor ?? newest;
  const binDir = major === undefined ? undefined : found.get(major);
  if (binDir === undefined) {
    if (requiredMajor !== undefined && newest !== undefined) {
      throw new Error(
        `the cluster in ${pgPaths().dataDir} was made by PostgreSQL ${requiredMajor}, but only ` +
          `${[...found.keys()].join(', ')} is installed; remove that directory to start a fresh cluster`,
      );
    }
    throw new Error(`no PostgreSQL server binaries (initdb, pg_ctl) found; ${INSTALL_HINT}`);
  }

  if (process.getuid?.() !== 0) {
    return { binDir, owner: undefined, exec: (command, args) => run(command, args) };
  }
  const runuser = findOnPath('runuser');
  if (runuser === undefined) throw new Error('running as root needs runuser (util-linux) to start PostgreSQL as its own user');
  const idOf = async (flag: string): Promise<number> => {
    const result = await run('id', [flag, SERVER_OS_USER]);
    if (result.code !== 0) {
      throw new Error(
        `running as root, PostgreSQL must run as the "${SERVER_OS_USER}" account, which does not exist; ` +
          `create it (useradd --system ${SERVER_OS_USER}) or run as an ordinary user`,
      );
    }
    return Number(result.output.trim());
  };
  const owner = { uid: await idOf('-u'), gid: await idOf('-g') };
  return {
    binDir,
    owner,
    // cwd "/": the server account may not be allowed into the caller's working directory.
    exec: (command, args) => run(runuser, ['-u', SERVER_OS_USER, '--', command, ...args], { cwd: '/' }),
  };
}

/** Server binary directories by major version, from pg_config, Debian's layout and PATH. */
async function binDirsByMajor(): Promise<Map<string, string>> {
  const candidates: string[] = [];
  const pgConfig = findOnPath('pg_config');
  if (pgConfig !== undefined) {
    const result = await run(pgConfig, ['--bindir']);
    if (result.code === 0) candidates.push(result.output.trim());
  }
  const debianRoot = '/usr/lib/postgresql';
  if (existsSync(debianRoot)) {
    for (const version of readdirSync(debianRoot)) candidates.push(join(debianRoot, version, 'bin'));
  }
  const initdbOnPath = findOnPath('initdb');
  if (initdbOnPath !== undefined) candidates.push(join(initdbOnPath, '..'));

  const byMajor = new Map<string, string>();
  for (const dir of candidates) {
    if (!existsSync(join(dir, 'initdb')) || !existsSync(join(dir, 'pg_ctl'))) continue;
    // "pg_ctl (PostgreSQL) 15.14 (Debian 15.14-0+deb12u1)"
    const major = /\(PostgreSQL\) (\d+)/.exec((await run(join(dir, 'pg_ctl'), ['--version'])).output)?.[1];
    if (major !== undefined && !byMajor.has(major)) byMajor.set(major, dir);
  }
  return byMajor;
}

async function initCluster(server: ServerTools, paths: PgPaths): Promise<void> {
  // Parents get the default mode: the server account must be able to traverse them.
  mkdirSync(localDir(), { recursive: true });
  if (!existsSync(paths.dataDir)) mkdirSync(paths.dataDir, { mode: 0o700 });
  if (server.owner) {
    chownSync(paths.dataDir, server.owner.uid, server.owner.gid);
    // Fail here with a clear reason rather than deep inside initdb.
    if ((await server.exec('test', ['-w', paths.dataDir])).code !== 0) {
      throw new Error(
        `the "${SERVER_OS_USER}" account cannot write ${paths.dataDir}; every directory above the ` +
          'repository must be searchable by it (chmod o+x), or set DATABASE_URL',
      );
    }
  }
  // Trust auth suits a server listening on loopback only; C collation keeps ORDER BY
  // deterministic across machines; --no-sync skips fsyncs durability does not need here.
  await runTool(server, 'initdb', [
    '-D', paths.dataDir, '-U', SUPERUSER, '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-sync',
  ]);
  appendFileSync(join(paths.dataDir, 'postgresql.conf'), `\ninclude_if_exists = '${SETTINGS_FILE}'\n`);
}

/** Written before every start so port changes apply; included from postgresql.conf. */
function writeSettings(server: ServerTools, paths: PgPaths, address: HostPort): void {
  const socket = join(paths.dataDir, `.s.PGSQL.${address.port}`);
  if (socket.length > MAX_SOCKET_PATH) {
    throw new Error(`the PostgreSQL socket path ${socket} is longer than ${MAX_SOCKET_PATH} bytes; clone the repository to a shorter path`);
  }
  const quote = (value: string): string => `'${value.replace(/'/g, "''")}'`;
  const file = join(paths.dataDir, SETTINGS_FILE);
  writeFileSync(
    file,
    `# Written by deploy/local/src/postgres.ts before every start: edit that file, not this one.
listen_addresses = ${quote(address.host)}
port = ${address.port}
# Our own socket directory: /var/run/postgresql may not exist or be writable.
unix_socket_directories = ${quote(paths.dataDir)}
max_connections = 300
shared_buffers = '256MB'
# A dev/test box: a machine crash may lose recent commits or corrupt the cluster (delete
# .local/postgres to start afresh), but while it runs every transaction sees exactly the committed
# data, so tests stay meaningful.
fsync = off
synchronous_commit = off
full_page_writes = off
${statementStatisticsSettings(server)}`,
  );
  if (server.owner) chownSync(file, server.owner.uid, server.owner.gid);
}

/**
 * pg_stat_statements when the installation has it: `npm run bench` reads from it what each
 * statement of the posting window cost, which names the statement to work on. It is loaded only
 * when the server's own pg_config names a module directory holding it, because a preload library
 * that is missing stops the server from starting. A cluster already running picks it up at its
 * next start.
 */
function statementStatisticsSettings(server: ServerTools): string {
  let moduleDir: string;
  try {
    moduleDir = execFileSync(join(server.binDir, 'pg_config'), ['--pkglibdir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    // No pg_config beside the server (some installations leave it out): the module's place is unknown.
    return '';
  }
  if (!existsSync(join(moduleDir, 'pg_stat_statements.so'))) return '';
  return `shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.track_utility = off
`;
}

/** Runs a server binary as the cluster's owner; throws with its output when it fails. */
async function runTool(server: ServerTools, tool: string, args: string[]): Promise<void> {
  const result = await server.exec(join(server.binDir, tool), args);
  if (result.code !== 0) throw new Error(`${tool} ${args.join(' ')} failed (exit ${result.code}):\n${result.output.trim()}`);
}

async function isRunning(server: ServerTools, paths: PgPaths): Promise<boolean> {
  const result = await server.exec(join(server.binDir, 'pg_ctl'), ['status', '-D', paths.dataDir]);
  if (result.code === PG_CTL_RUNNING) return true;
  if (result.code === PG_CTL_NOT_RUNNING) return false;
  throw new Error(`pg_ctl status -D ${paths.dataDir} failed (exit ${result.code}): ${result.output.trim()}`);
}

/** Stops the local cluster (fast shutdown: open sessions are disconnected); true when it ran. */
export async function stopPostgres(): Promise<boolean> {
  return withLock('postgres', async () => {
    const paths = pgPaths();
    const major = clusterMajor(paths);
    if (major === undefined) return false;
    const server = await serverTools(major);
    if (!(await isRunning(server, paths))) return false;
    await runTool(server, 'pg_ctl', ['stop', '-D', paths.dataDir, '-m', 'fast', '-w', '-t', String(STOP_TIMEOUT_S), '-s']);
    return true;
  });
}

export async function postgresStatus(): Promise<PostgresStatus> {
  const externalUrl = process.env.DATABASE_URL?.trim();
  if (externalUrl) {
    const ready = await canConnect(externalAddress(externalUrl), CONNECT_TIMEOUT_MS);
    return { source: 'env', adminUrl: externalUrl, ready, pid: null, logFile: null };
  }
  const paths = pgPaths();
  const major = clusterMajor(paths);
  const running = major !== undefined && (await isRunning(await serverTools(major), paths));
  const server = running ? postmaster(paths) : undefined;
  // A running cluster is reported where it actually listens, which may predate a port change.
  const address = server ? { host: HOST, port: server.port } : localAddress();
  return {
    source: 'local',
    adminUrl: localAdminUrl(address),
    ready: running && (await canConnect(address, CONNECT_TIMEOUT_MS)),
    pid: server?.pid ?? null,
    logFile: paths.logFile,
  };
}

/** Pid (line 1) and port (line 4) from postmaster.pid, which exists while the server runs. */
function postmaster(paths: PgPaths): { pid: number; port: number } | undefined {
  const file = join(paths.dataDir, 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const lines = readFileSync(file, 'utf8').split('\n');
  const pid = Number.parseInt(lines[0] ?? '', 10);
  const port = Number.parseInt(lines[3] ?? '', 10);
  return Number.isInteger(pid) && Number.isInteger(port) ? { pid, port } : undefined;
}
