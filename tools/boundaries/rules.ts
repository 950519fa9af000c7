/**
 * Project boundaries, enforced on every import. Projects carry Nx tags in their package.json
 * (`nx.tags`); these rules say which tags may depend on which. A violation fails `npm test`.
 */
export interface Project {
  name: string;
  /** Folder relative to the workspace root, e.g. "services/posting". */
  root: string;
  tags: readonly string[];
}

export interface SourceFile {
  /** Path relative to the workspace root. */
  path: string;
  text: string;
}

export interface Violation {
  file: string;
  specifier: string;
  rule: string;
}

/** Which project tags a project with a given tag may import from. */
const ALLOWED_DEPENDENCY_TAGS: Record<string, readonly string[]> = {
  'type:service': ['type:lib'],
  'type:lib': ['type:lib'],
  'type:testing': ['type:lib', 'type:runtime'],
  'type:runtime': ['type:lib'],
  'type:tool': ['type:lib', 'type:runtime'],
  // Operations commands read the running system's stores; they import no service code.
  'type:ops': ['type:lib', 'type:runtime'],
  // End-to-end tests run the services as their users do, so they alone may reach them all.
  'type:e2e': ['type:lib', 'type:runtime', 'type:testing', 'type:service'],
};

/** Test support may be used by test code only, never by code that ships. */
const TEST_ONLY_TAG = 'type:testing';

/**
 * Domain code is pure rules: it may use money arithmetic and other domain files, nothing that
 * does I/O or knows a transport or a database.
 */
const DOMAIN_ALLOWED_PACKAGES = new Set(['@ledgerline/money', '@ledgerline/calendar', '@ledgerline/outcome', 'decimal.js']);
/** Domain tests live beside the rules they test and need their runner, nothing else. */
const TEST_RUNNER_PACKAGES = new Set(['vitest', 'fast-check']);

const IMPORT_PATTERN = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;

export function importSpecifiers(text: string): string[] {
  const specifiers: string[] = [];
  for (const match of text.matchAll(IMPORT_PATTERN)) {
    const specifier = match[1] ?? match[2] ?? match[3];
    if (specifier !== undefined) specifiers.push(specifier);
  }
  return specifiers;
}

export function isTestFile(path: string): boolean {
  return /(^|\/)test\//.test(path) || /\.test\.ts$/.test(path) || /(^|\/)vitest\.config\.ts$/.test(path);
}

function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '..') out.pop();
    else if (part !== '.' && part !== '') out.push(part);
  }
  return out.join('/');
}

function dirnameOf(path: string): string {
  return path.split('/').slice(0, -1).join('/');
}

function projectOf(projects: readonly Project[], path: string): Project | undefined {
  return projects.find((project) => path === project.root || path.startsWith(`${project.root}/`));
}

export function findViolations(
  projects: readonly Project[],
  packageProjects: ReadonlyMap<string, Project>,
  files: readonly SourceFile[],
): Violation[] {
  const violations: Violation[] = [];
  for (const file of files) {
    const owner = projectOf(projects, file.path);
    if (owner === undefined) continue;
    const inDomain = /^services\/[^/]+\/src\/domain\//.test(file.path);
    for (const specifier of importSpecifiers(file.text)) {
      const report = (rule: string) => violations.push({ file: file.path, specifier, rule });
      if (specifier.startsWith('.')) {
        const target = normalize(`${dirnameOf(file.path)}/${specifier}`);
        const targetProject = projectOf(projects, target);
        if (targetProject !== owner) {
          report(`reaches into ${targetProject?.name ?? target} by a relative path; import its package instead`);
        } else if (inDomain && !/^services\/[^/]+\/src\/domain\//.test(target)) {
          report('domain code may import only other domain files (dependencies point inward)');
        }
        continue;
      }
      const testRunner = isTestFile(file.path) && TEST_RUNNER_PACKAGES.has(packageNameOf(specifier));
      if (inDomain && !testRunner && !DOMAIN_ALLOWED_PACKAGES.has(packageNameOf(specifier))) {
        report(`domain code may import only ${[...DOMAIN_ALLOWED_PACKAGES].join(', ')} and other domain files`);
        continue;
      }
      const target = packageProjects.get(packageNameOf(specifier));
      if (target === undefined || target === owner) continue;
      if (target.tags.includes(TEST_ONLY_TAG)) {
        if (!isTestFile(file.path)) report(`${target.name} is test support and may be used by test code only`);
        continue;
      }
      const allowed = owner.tags.flatMap((tag) => ALLOWED_DEPENDENCY_TAGS[tag] ?? []);
      if (!target.tags.some((tag) => allowed.includes(tag))) {
        report(`${owner.name} [${owner.tags.join(', ')}] may not depend on ${target.name} [${target.tags.join(', ')}]`);
      }
    }
  }
  return violations;
}
