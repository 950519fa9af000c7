import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Bytes of a log's end shown in error messages: a few lines of context, short enough to read. */
const LOG_TAIL_BYTES = 2000;
/** Error lines quoted from a log: the first ones, which name the cause. */
const LOG_ERROR_LINES = 20;

export interface RunResult {
  code: number;
  output: string;
}

export interface RunOptions {
  cwd?: string;
  /** Kills the command (SIGTERM) when it runs longer. */
  timeoutMs?: number;
}

/** Runs a command to completion, capturing stdout and stderr interleaved; never throws on exit code. */
export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (err) => reject(new Error(`cannot run ${command}: ${err.message}`)));
    child.on('close', (code, signal) => {
      if (signal !== null) {
        const limit = options.timeoutMs;
        output += limit !== undefined && signal === 'SIGTERM' ? `\n(stopped at the ${limit / 1000}s time limit)` : `\n(killed by ${signal})`;
      }
      resolve({ code: code ?? -1, output });
    });
  });
}

/** Like run, but throws with the command's output when it fails. */
export async function runChecked(command: string, args: readonly string[], options: RunOptions = {}): Promise<string> {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    throw new Error(`${[command, ...args].join(' ')} failed (exit ${result.code}):\n${result.output.trim()}`);
  }
  return result.output;
}

/** Absolute path of an executable found on PATH, or undefined. */
export function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this PATH entry; keep looking.
    }
  }
  return undefined;
}

/** True when a process with this pid exists (a process we may not signal still exists). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * True when pid is a live (not zombie) process whose command line contains marker. A pid file can
 * outlive its server and the pid be reused by an unrelated program; this tells them apart. Where
 * /proc does not exist (macOS) it falls back to a liveness check.
 */
export function isOwnProcess(pid: number, marker: string): boolean {
  if (!existsSync('/proc/self/cmdline')) return isAlive(pid);
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(marker);
  } catch {
    return false;
  }
}

/** Pid stored in a pid file, or undefined when there is no (valid) pid file. */
export function readPid(pidFile: string): number | undefined {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8').trim(), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/**
 * An excerpt of a log for error messages: the error lines and their causes logged since fromByte
 * (a long stack trace or a flood of INFO lines after the fatal one would push them out of a plain
 * tail; older runs' errors would mislead), then the log's last lines.
 */
export function logTail(file: string, fromByte = 0): string {
  if (!existsSync(file)) return `(no log at ${file})`;
  const whole = readFileSync(file);
  if (whole.toString('utf8').trim() === '') return `(${file} is empty)`;
  // A log rotated since fromByte was recorded is shorter than it: then all of it is new.
  const recent = whole.subarray(whole.length >= fromByte ? fromByte : 0).toString('utf8');
  const errors = recent
    .split('\n')
    .filter((line) => /\b(ERROR|FATAL|PANIC)\b|^Caused by:/.test(line))
    .slice(0, LOG_ERROR_LINES);
  const tailBytes = whole.subarray(Math.max(0, whole.length - LOG_TAIL_BYTES)).toString('utf8');
  const tail = whole.length > LOG_TAIL_BYTES ? `...${tailBytes}` : tailBytes;
  const errorPart = errors.length > 0 ? `--- errors in ${file} ---\n${errors.join('\n')}\n` : '';
  return `${errorPart}--- last lines of ${file} ---\n${tail.trimEnd()}\n---`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
