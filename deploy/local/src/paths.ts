import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The monorepo root: the nearest ancestor of this file whose package.json declares workspaces. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const parsed: unknown = JSON.parse(readFileSync(manifest, 'utf8'));
      if (typeof parsed === 'object' && parsed !== null && 'workspaces' in parsed) return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`no package.json with "workspaces" above ${fileURLToPath(import.meta.url)}`);
    }
    dir = parent;
  }
}

/** Per-clone runtime state (data, logs, pid files, locks); git-ignored. */
export function localDir(): string {
  return join(repoRoot(), '.local');
}

/** Per-user cache shared by every clone, so a re-clone does not download again. */
export function userCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'ledgerline');
}
