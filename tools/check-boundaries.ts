/**
 * Fails when an import crosses a project boundary the rules in boundaries/rules.ts forbid:
 * a service importing another service, a library importing a service or the local runtime,
 * shipping code importing test support, or domain code importing I/O, transport or database code.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { findViolations, type Project, type SourceFile } from './boundaries/rules.js';

const root = resolve(import.meta.dirname, '..');
/** Folders never scanned: dependencies and generated code. */
const SKIPPED_DIRS = new Set(['node_modules', 'generated', 'gen', '.nx', 'dist', 'coverage']);

function workspaceDirs(): string[] {
  const patterns = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces;
  return patterns.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [pattern];
    const parent = pattern.slice(0, -2);
    return readdirSync(join(root, parent)).map((name) => `${parent}/${name}`);
  });
}

function readProjects(): Project[] {
  return workspaceDirs().flatMap((dir) => {
    const manifest = join(root, dir, 'package.json');
    try {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name: string; nx?: { tags?: string[] } };
      return [{ name: pkg.name, root: dir, tags: pkg.nx?.tags ?? [] }];
    } catch {
      return [];
    }
  });
}

function sourceFiles(dir: string): SourceFile[] {
  const files: SourceFile[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) files.push(...sourceFiles(path));
    } else if (entry.name.endsWith('.ts') && statSync(path).isFile()) {
      files.push({ path: relative(root, path), text: readFileSync(path, 'utf8') });
    }
  }
  return files;
}

const projects = readProjects();
const untagged = projects.filter((project) => project.tags.length === 0);
if (untagged.length > 0) {
  process.stderr.write(`projects without Nx tags: ${untagged.map((project) => project.name).join(', ')}\n`);
  process.exit(1);
}
const packageProjects = new Map(projects.map((project) => [project.name, project]));
const files = projects.flatMap((project) => sourceFiles(join(root, project.root)));
const violations = findViolations(projects, packageProjects, files);
for (const violation of violations) {
  process.stderr.write(`${violation.file}: import '${violation.specifier}': ${violation.rule}\n`);
}
if (violations.length > 0) process.exit(1);
process.stdout.write(`project boundaries hold: ${projects.length} projects, ${files.length} files\n`);
