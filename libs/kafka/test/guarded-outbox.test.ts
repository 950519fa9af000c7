import { pgStore } from '@ledgerline/db';
import { createTestDatabase, type TestDatabase } from '@ledgerline/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { guardedOutboxInsert, type OutgoingEvent } from '../src/index.js';
import { preparePublisherDatabase } from './fixtures/pipeline.js';

const { postgresAdminUrl } = inject('infrastructure');
let database: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  database = await createTestDatabase(postgresAdminUrl, 'guarded');
  await preparePublisherDatabase(database.url);
  pool = new pg.Pool({ connectionString: database.url, max: 2 });
  await pool.query("INSERT INTO widget (id, quantity) VALUES ('w1', 0)");
});

afterAll(async () => {
  await pool?.end();
  await database?.drop();
});

const event = (payload: string): OutgoingEvent => ({
  topic: 'test.widget-changed.v1',
  key: 'w1',
  companyId: 'c1',
  eventType: 'test.v1.WidgetChanged',
  payload: Buffer.from(payload),
});

/** Moves the widget from one quantity to the next and writes the event only if it moved. */
async function move(from: number, to: number, payload: string): Promise<number> {
  const outbox = guardedOutboxInsert([event(payload)], 'moved', 3);
  return pgStore(pool).direct.execute(
    `WITH moved AS (UPDATE widget SET quantity = $2 WHERE id = 'w1' AND quantity = $1 RETURNING 1) ${outbox.sql}`,
    [from, to, ...outbox.params],
  );
}

describe('guarded outbox insert', () => {
  it('writes the event in the same statement as the change it guards', async () => {
    expect(await move(0, 1, 'first')).toBe(1);
    const { rows } = await pool.query<{ event_type: string }>('SELECT event_type FROM outbox_event');
    expect(rows.map((row) => row.event_type)).toEqual(['test.v1.WidgetChanged']);
  });

  it('writes nothing when the guarded change did not happen', async () => {
    expect(await move(0, 2, 'stale')).toBe(0);
    const { rows } = await pool.query<{ quantity: number }>("SELECT quantity FROM widget WHERE id = 'w1'");
    expect(rows[0]?.quantity).toBe(1);
    expect((await pool.query('SELECT 1 FROM outbox_event')).rowCount).toBe(1);
  });

  it('refuses a guard name that is not a plain identifier', () => {
    expect(() => guardedOutboxInsert([event('x')], 'moved; DROP TABLE widget', 1)).toThrow('invalid CTE name');
  });
});
