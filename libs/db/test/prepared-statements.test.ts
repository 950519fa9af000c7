import type { PrismaPg } from '@prisma/adapter-pg';
import { createTestDatabase, type TestDatabase } from '@ledgerline/testing';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { createPrismaClient } from '../src/index.js';

const { postgresAdminUrl } = inject('infrastructure');
let database: TestDatabase;

beforeEach(async () => {
  database = await createTestDatabase(postgresAdminUrl, 'prepared');
});

afterEach(async () => {
  await database.drop();
});

/** Stands in for a generated Prisma client: it keeps the adapter createPrismaClient wired. */
class AdapterHolder {
  readonly adapter: PrismaPg;
  constructor(options: { adapter: PrismaPg }) {
    this.adapter = options.adapter;
  }
}

const textArgument = { scalarType: 'string', arity: 'scalar' } as const;

describe('createPrismaClient', () => {
  it('runs statements as named prepared statements, each prepared once per connection and planned per call', async () => {
    const { adapter } = createPrismaClient(AdapterHolder, { connectionString: database.url, poolSizeMax: 1 });
    const connection = await adapter.connect();
    try {
      const statement = 'SELECT upper($1::text) AS shout';
      for (const word of ['a', 'b', 'c']) {
        const result = await connection.queryRaw({ sql: statement, args: [word], argTypes: [textArgument] });
        expect(result.rows).toEqual([[word.toUpperCase()]]);
      }
      const prepared = await connection.queryRaw({
        sql: 'SELECT statement FROM pg_prepared_statements WHERE statement = $1',
        args: [statement],
        argTypes: [textArgument],
      });
      expect(prepared.rows).toEqual([[statement]]);
      // Each call is still planned for its own parameters.
      const mode = await connection.queryRaw({ sql: 'SELECT current_setting($1) AS mode', args: ['plan_cache_mode'], argTypes: [textArgument] });
      expect(mode.rows).toEqual([['force_custom_plan']]);
    } finally {
      await connection.dispose();
    }
  });
});
