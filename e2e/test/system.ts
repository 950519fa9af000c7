import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { uniqueName } from '@ledgerline/testing';

const repoRoot = resolve(import.meta.dirname, '..', '..');
/**
 * Ports well away from `npm start`'s defaults, so the tests run beside a developer's system, and
 * below Linux's ephemeral range (32768-60999): a port in it can be taken at any moment by some
 * outgoing connection, which once made a service fail to start with EADDRINUSE.
 */
const E2E_GRPC_PORT_BASE = 31051;
const E2E_HEALTH_PORT_BASE = 9081;
const E2E_GATEWAY_PORT = 18080;
/** The same ports as options of startSystem, for a test that runs the system in its own process (one file at a time). */
export const E2E_PORTS = { grpcPortBase: E2E_GRPC_PORT_BASE, healthPortBase: E2E_HEALTH_PORT_BASE, gatewayPort: E2E_GATEWAY_PORT };
const READY_LINE = /Ledgerline is ready in ([\d.]+) s/;
const START_TIMEOUT_MS = 150_000;
const STOP_TIMEOUT_MS = 40_000;

/** The README's start command as a user runs it, with ports and databases of its own, not yet ready. */
export interface SpawnedSystem {
  process: ChildProcess;
  apiKey: string;
  databasePrefix: string;
  output: () => string;
}

export interface StartedSystem extends SpawnedSystem {
  gatewayUrl: string;
  readySeconds: number;
}

/** Starts the README's start command and returns at once, before the system is ready. */
export function spawnSystemCommand(extraEnv: Record<string, string> = {}): SpawnedSystem {
  const apiKey = `e2e-${uniqueName('key')}`;
  const databasePrefix = uniqueName('e2e');
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'deploy', 'local', 'src', 'start.ts')], {
    cwd: repoRoot,
    env: {
      ...process.env,
      LEDGERLINE_GRPC_PORT_BASE: String(E2E_GRPC_PORT_BASE),
      LEDGERLINE_HEALTH_PORT_BASE: String(E2E_HEALTH_PORT_BASE),
      GATEWAY_PORT: String(E2E_GATEWAY_PORT),
      LEDGERLINE_DEV_API_KEY: apiKey,
      LEDGERLINE_DATABASE_PREFIX: databasePrefix,
      LEDGERLINE_TOPIC_PREFIX: `${databasePrefix}.`,
      LOG_LEVEL: 'warn',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return { process: child, apiKey, databasePrefix, output: () => output };
}

/** Runs the README's start command exactly as a user would, with ports and databases of its own. */
export async function startSystemCommand(extraEnv: Record<string, string> = {}): Promise<StartedSystem> {
  const spawned = spawnSystemCommand(extraEnv);
  const child = spawned.process;
  const readySeconds = await new Promise<number>((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`system not ready in time:\n${spawned.output()}`)), START_TIMEOUT_MS);
    const onData = () => {
      const match = READY_LINE.exec(spawned.output());
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolveReady(Number(match[1]));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`start command exited with ${String(code)}:\n${spawned.output()}`));
    });
  });
  return { ...spawned, gatewayUrl: `http://127.0.0.1:${E2E_GATEWAY_PORT}`, readySeconds };
}

/** Every live process whose parent chain leads to the given pid. */
export function descendantsOf(rootPid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name may hold spaces and parentheses; the fields after its closing ")" do not.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const state = fields[0];
      if (state !== 'Z') parents.set(Number(entry), Number(fields[1]));
    } catch {
      // The process ended while we listed /proc; it is not a descendant any more.
    }
  }
  const found: number[] = [];
  const frontier = [rootPid];
  while (frontier.length > 0) {
    const parent = frontier.pop();
    for (const [pid, ppid] of parents) {
      if (ppid === parent) {
        found.push(pid);
        frontier.push(pid);
      }
    }
  }
  return found;
}

export function isAlive(pid: number): boolean {
  try {
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return state.slice(state.lastIndexOf(')') + 2).split(' ')[0] !== 'Z';
  } catch {
    return false;
  }
}

export async function stopSystemCommand(system: SpawnedSystem): Promise<number | null> {
  const exited = new Promise<number | null>((resolveExit, reject) => {
    const timer = setTimeout(() => reject(new Error(`system did not stop in time:\n${system.output()}`)), STOP_TIMEOUT_MS);
    system.process.once('exit', (code) => {
      clearTimeout(timer);
      resolveExit(code);
    });
  });
  system.process.kill('SIGTERM');
  return exited;
}

/** `npm run check:invariants` against the system's databases: its exit status and what it printed. */
export function checkInvariants(system: Pick<SpawnedSystem, 'databasePrefix'>): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'ops', 'src', 'check-invariants.ts')], {
    cwd: repoRoot,
    env: { ...process.env, LEDGERLINE_DATABASE_PREFIX: system.databasePrefix },
    encoding: 'utf8',
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}
