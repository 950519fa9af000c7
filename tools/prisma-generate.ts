/**
 * Generates every service's Prisma client (or the one in the folder given as argument).
 * Prisma's CLI insists on locating its native schema engine even for `generate`, which needs
 * none and which cannot be downloaded here; pointing it at any existing file satisfies that.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const only = process.argv[2];
const serviceDirs =
  only !== undefined
    ? [resolve(only)]
    : readdirSync(join(root, 'services'))
        .map((name) => join(root, 'services', name))
        .filter((dir) => existsSync(join(dir, 'prisma', 'schema.prisma')));

for (const dir of serviceDirs) {
  const result = spawnSync(join(root, 'node_modules', '.bin', 'prisma'), ['generate'], {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
      CHECKPOINT_DISABLE: '1',
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
    },
  });
  if (result.status !== 0) {
    process.stderr.write(`prisma generate failed in ${dir}:\n${result.stdout}${result.stderr}`);
    process.exit(1);
  }
  process.stdout.write(`prisma client generated for ${dir.slice(root.length + 1)}\n`);
}
