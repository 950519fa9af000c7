import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { localDir } from './paths.js';
import { isAlive, sleep } from './proc.js';

/**
 * A first start fetches Kafka's jars with Maven and then waits for the broker, which can take
 * minutes on a slow mirror; waiters must outlast that rather than give up and start a second copy.
 */
const LOCK_WAIT_TIMEOUT_MS = 10 * 60_000;
const LOCK_POLL_MS = 250;
/** A lock dir without an owner file younger than this is being created right now, not stale. */
const OWNERLESS_GRACE_MS = 5_000;

const OWNER_FILE = 'owner.pid';

/**
 * Runs fn while holding a cross-process lock named `name` under .local/locks, so that parallel
 * callers (several test processes starting at once) do not both start the same server.
 * mkdir is atomic on local file systems; the owner's pid inside lets a later caller break the lock
 * of a process that died holding it (Ctrl-C, kill -9).
 */
export async function withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const locksDir = join(localDir(), 'locks');
  mkdirSync(locksDir, { recursive: true });
  const lockDir = join(locksDir, `${name}.lock`);
  const deadline = Date.now() + LOCK_WAIT_TIMEOUT_MS;

  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, OWNER_FILE), `${process.pid}\n`);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = lockOwner(lockDir);
    if (owner === 'stale') {
      breakStaleLock(lockDir);
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${LOCK_WAIT_TIMEOUT_MS / 1000}s waiting for lock ${lockDir}` +
          (typeof owner === 'number' ? ` held by pid ${owner}` : '') +
          '; if no such process is working, remove the directory',
      );
    }
    await sleep(LOCK_POLL_MS);
  }

  try {
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

/**
 * Removes a stale lock. Two waiters may both judge it stale; moving it aside first and checking
 * what was moved keeps the slower one from deleting a fresh lock the faster one just took.
 */
function breakStaleLock(lockDir: string): void {
  const aside = `${lockDir}.stale-${process.pid}`;
  try {
    renameSync(lockDir, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // Someone else broke it.
    throw err;
  }
  if (lockOwner(aside) !== 'stale') {
    // We moved a lock that a live process had just taken: put it back. If a third process took
    // the name meanwhile, the rename fails and that process simply keeps the lock.
    try {
      renameSync(aside, lockDir);
      return;
    } catch {
      // Fall through and discard the moved lock.
    }
  }
  rmSync(aside, { recursive: true, force: true });
}

/** The live pid holding the lock, 'creating' while its owner file is being written, or 'stale'. */
function lockOwner(lockDir: string): number | 'creating' | 'stale' {
  let pid = NaN;
  try {
    pid = Number.parseInt(readFileSync(join(lockDir, OWNER_FILE), 'utf8').trim(), 10);
  } catch {
    // No owner file yet: judged by age below.
  }
  if (!Number.isNaN(pid)) return isAlive(pid) ? pid : 'stale';
  try {
    return Date.now() - statSync(lockDir).mtimeMs < OWNERLESS_GRACE_MS ? 'creating' : 'stale';
  } catch {
    return 'creating'; // Released just now: the caller retries.
  }
}
