import { grpcHealthV1 } from '@ledgerline/contracts';
import { OUTBOX_EVENT_DDL, PROCESSED_EVENT_DDL } from '@ledgerline/kafka';
import { createGrpcClient } from '@ledgerline/grpc';
import { createTestDatabase, testLogger, type TestDatabase } from '@ledgerline/testing';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadCustomerItemConfig } from '../src/config.js';
import { MIGRATIONS_DIR } from '../src/migrate.js';
import { startCustomerItemService } from '../src/service.js';
import type { RunningDataService } from '@ledgerline/service-host';

const { kafkaBrokers, postgresAdminUrl } = inject('infrastructure');
let database: TestDatabase;
let service: RunningDataService;

beforeAll(async () => {
  database = await createTestDatabase(postgresAdminUrl, 'customer_item', MIGRATIONS_DIR);
  const config = loadCustomerItemConfig({
    DATABASE_URL: database.url,
    KAFKA_BROKERS: kafkaBrokers.join(','),
    GRPC_PORT: '0',
  });
  service = await startCustomerItemService(config, testLogger('customer-item'));
});

afterAll(async () => {
  await service?.stop();
  await database?.drop();
});

describe('customer-item service', () => {
  it('reports SERVING for itself over the standard gRPC health service once started', async () => {
    const health = createGrpcClient(grpcHealthV1.HealthClient, { address: `127.0.0.1:${service.grpcPort}` });
    const overall = await health.check({ service: '' });
    const own = await health.check({ service: 'customeritem.v1.CustomerItemService' });
    health.close();
    expect(overall.status).toBe(grpcHealthV1.HealthCheckResponse_ServingStatus.SERVING);
    expect(own.status).toBe(grpcHealthV1.HealthCheckResponse_ServingStatus.SERVING);
    expect(await service.isReady()).toBe(true);
  });

  it('keeps the outbox and inbox tables of its migrations identical to the shared mechanism', async () => {
    const sql = await readFile(join(MIGRATIONS_DIR, '20261122000000_init', 'migration.sql'), 'utf8');
    expect(sql).toContain(OUTBOX_EVENT_DDL);
    expect(sql).toContain(PROCESSED_EVENT_DDL);
  });
});
