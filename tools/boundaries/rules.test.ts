import { describe, expect, it } from 'vitest';
import { findViolations, importSpecifiers, type Project } from './rules.js';

const projects: Project[] = [
  { name: '@ledgerline/posting', root: 'services/posting', tags: ['type:service', 'scope:posting'] },
  { name: '@ledgerline/ledger', root: 'services/ledger', tags: ['type:service', 'scope:ledger'] },
  { name: '@ledgerline/kafka', root: 'libs/kafka', tags: ['type:lib'] },
  { name: '@ledgerline/money', root: 'libs/money', tags: ['type:lib'] },
  { name: '@ledgerline/testing', root: 'libs/testing', tags: ['type:testing'] },
  { name: '@ledgerline/local-runtime', root: 'deploy/local', tags: ['type:runtime'] },
];
const byPackage = new Map(projects.map((project) => [project.name, project]));
const check = (path: string, text: string) => findViolations(projects, byPackage, [{ path, text }]);

describe('project boundaries', () => {
  it('reads static, dynamic and side-effect imports and re-exports', () => {
    const text = "import a from 'x';\nexport { b } from \"y\";\nconst c = await import('z');\nimport 'w';\nimport type { D } from 'v';";
    expect(importSpecifiers(text)).toEqual(['x', 'y', 'z', 'w', 'v']);
  });

  it('forbids a service importing another service', () => {
    expect(check('services/posting/src/app/post.ts', "import { x } from '@ledgerline/ledger';")).toHaveLength(1);
  });

  it('forbids reaching into another project by a relative path', () => {
    expect(check('services/posting/src/app/post.ts', "import { x } from '../../../ledger/src/domain/x.js';")).toHaveLength(1);
  });

  it('forbids a library importing a service', () => {
    expect(check('libs/kafka/src/consumer.ts', "import { x } from '@ledgerline/posting';")).toHaveLength(1);
  });

  it('forbids a library importing the local runtime', () => {
    expect(check('libs/kafka/src/consumer.ts', "import { x } from '@ledgerline/local-runtime';")).toHaveLength(1);
  });

  it('forbids shipping code importing test support but allows tests to', () => {
    expect(check('services/posting/src/main.ts', "import { x } from '@ledgerline/testing';")).toHaveLength(1);
    expect(check('services/posting/test/post.test.ts', "import { x } from '@ledgerline/testing';")).toHaveLength(0);
  });

  it('forbids domain code importing database, transport or application code', () => {
    expect(check('services/posting/src/domain/voucher.ts', "import { x } from '@ledgerline/kafka';")).toHaveLength(1);
    expect(check('services/posting/src/domain/voucher.ts', "import { x } from '../db/client.js';")).toHaveLength(1);
    expect(check('services/posting/src/domain/voucher.ts', "import pg from 'pg';")).toHaveLength(1);
  });

  it('allows domain code money arithmetic and other domain files', () => {
    const text = "import { Decimal } from 'decimal.js';\nimport { allocateByPercents } from '@ledgerline/money';\nimport { x } from './totals.js';";
    expect(check('services/posting/src/domain/voucher.ts', text)).toEqual([]);
  });

  it('allows a domain test its test runner, and nothing else of I/O', () => {
    expect(check('services/posting/src/domain/voucher.test.ts', "import { it } from 'vitest';")).toEqual([]);
    expect(check('services/posting/src/domain/voucher.test.ts', "import pg from 'pg';")).toHaveLength(1);
  });

  it('allows a service to use libraries', () => {
    expect(check('services/posting/src/service.ts', "import { x } from '@ledgerline/kafka';")).toEqual([]);
  });
});
