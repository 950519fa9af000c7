// Protobuf code generation for libs/contracts.
//
//   node --import tsx tools/proto.ts generate   (npm run proto)
//   node --import tsx tools/proto.ts check      (npm run proto:check)
//
// generate: `buf lint`, then `buf generate` (buf.gen.yaml) into a temporary
//           directory, which then replaces libs/contracts/src/gen in one swap.
// check:    `buf lint`, then generates into a temporary directory and compares
//           it file by file with the committed libs/contracts/src/gen; exits 1
//           listing the differing files when anything differs. It also fails
//           when a generated module is not re-exported from libs/contracts/src/index.ts.
//
// Uses the buf binary shipped by the @bufbuild/buf npm package and only Node built-ins.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Output folder of the ts-proto plugin, relative to the repository root; must match buf.gen.yaml `out`. */
const genRel = join('libs', 'contracts', 'src', 'gen');
const genDir = join(root, genRel);
const indexFile = join(root, 'libs', 'contracts', 'src', 'index.ts');
const bufBin = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'buf.cmd' : 'buf');

/** An expected failure: reported as one line, exit code 1. */
class ProtoError extends Error {}

function fail(message: string): never {
  throw new ProtoError(message);
}

function buf(args: string[]): void {
  if (!existsSync(bufBin)) fail(`${relative(root, bufBin)} not found; run npm install first`);
  const result = spawnSync(bufBin, args, { cwd: root, stdio: 'inherit' });
  if (result.error) fail(`buf ${args.join(' ')}: ${result.error.message}`);
  if (result.status !== 0) fail(`buf ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
}

/** Runs `buf generate` into a fresh directory under `parent`; returns the directory holding the generated tree. */
function generateInto(parent: string): { tmp: string; out: string } {
  const tmp = mkdtempSync(join(parent, '.proto-gen-'));
  try {
    buf(['generate', '--output', tmp]);
    const out = join(tmp, genRel);
    if (!existsSync(out)) fail(`buf generate wrote nothing to ${genRel}; does buf.gen.yaml still output there?`);
    return { tmp, out };
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
}

/** All files under `dir`, as sorted '/'-separated paths relative to it. */
function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

/** Generated modules that libs/contracts/src/index.ts does not re-export. */
function missingIndexExports(files: string[]): string[] {
  const index = existsSync(indexFile) ? readFileSync(indexFile, 'utf8') : '';
  return files
    .filter((file) => file.endsWith('.ts'))
    .map((file) => `./gen/${file.replace(/\.ts$/, '.js')}`)
    .filter((specifier) => !index.includes(`'${specifier}'`) && !index.includes(`"${specifier}"`));
}

function generate(): void {
  buf(['lint']);
  // The temporary tree lives next to src/ so the final rename stays on one filesystem.
  const { tmp, out } = generateInto(join(root, 'libs', 'contracts'));
  const old = `${genDir}.old-${process.pid}`;
  try {
    if (existsSync(genDir)) renameSync(genDir, old);
    renameSync(out, genDir);
  } catch (error) {
    if (!existsSync(genDir) && existsSync(old)) renameSync(old, genDir);
    throw error;
  } finally {
    rmSync(old, { recursive: true, force: true });
    rmSync(tmp, { recursive: true, force: true });
  }
  const files = listFiles(genDir);
  console.log(`proto: generated ${files.length} files into ${genRel}`);
  const missing = missingIndexExports(files);
  if (missing.length > 0) {
    console.warn(`proto: libs/contracts/src/index.ts does not re-export:\n${missing.map((m) => `  ${m}`).join('\n')}`);
  }
}

function check(): void {
  buf(['lint']);
  const { tmp, out } = generateInto(tmpdir());
  try {
    const fresh = listFiles(out);
    const committed = listFiles(genDir);
    const all = [...new Set([...fresh, ...committed])].sort();
    const differing: string[] = [];
    for (const file of all) {
      const inFresh = fresh.includes(file);
      const inCommitted = committed.includes(file);
      if (!inCommitted) differing.push(`${file} (missing from ${genRel})`);
      else if (!inFresh) differing.push(`${file} (no longer generated)`);
      else if (!readFileSync(join(out, file)).equals(readFileSync(join(genDir, file)))) differing.push(`${file} (differs)`);
    }
    const missing = missingIndexExports(fresh);
    if (differing.length > 0) {
      console.error(`proto: ${genRel} is out of date with proto/:`);
      for (const line of differing) console.error(`  ${line}`);
      console.error('proto: run npm run proto');
    }
    if (missing.length > 0) {
      console.error(`proto: libs/contracts/src/index.ts does not re-export:\n${missing.map((m) => `  ${m}`).join('\n')}`);
    }
    if (differing.length > 0 || missing.length > 0) process.exitCode = 1;
    else console.log(`proto: ${genRel} is up to date (${fresh.length} files)`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const command = process.argv[2];
try {
  if (command === 'generate') generate();
  else if (command === 'check') check();
  else fail(`usage: node --import tsx tools/proto.ts generate|check (got ${command ?? 'nothing'})`);
} catch (error) {
  if (!(error instanceof ProtoError)) throw error;
  console.error(`proto: ${error.message}`);
  process.exitCode = 1;
}
