import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { grpcHealthV1 } from '@ledgerline/contracts';
import { createGrpcClient } from '@ledgerline/grpc';
import { OUTBOX_EVENT_DDL, PROCESSED_EVENT_DDL } from '@ledgerline/kafka';
import { IDEMPOTENCY_RECORD_DDL, type RunningDataService } from '@ledgerline/service-host';
import type { Logger } from '@ledgerline/telemetry';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, testLogger, uniqueName, type TestDatabase } from './isolation.js';

export interface DataServiceUnderTest {
  serviceName: string;
  /** Fully qualified gRPC service name, as health checks name it. */
  grpcServiceName: string;
  migrationsDir: string;
  start(env: NodeJS.ProcessEnv, logger: Logger): Promise<RunningDataService>;
}

/**
 * What every data service must do, checked the same way for each: it starts on a fresh database
 * migrated by its own migrations against the real broker, reports SERVING over the standard gRPC
 * health service, and its copy of the outbox and inbox tables matches the shared mechanism's.
 */
export function describeDataServiceBasics(service: DataServiceUnderTest): void {
  describe(`${service.serviceName} service basics`, () => {
    const { kafkaBrokers, postgresAdminUrl } = inject('infrastructure');
    let database: TestDatabase | undefined;
    let running: RunningDataService | undefined;

    beforeAll(async () => {
      database = await createTestDatabase(postgresAdminUrl, service.serviceName.replace('-', '_'), service.migrationsDir);
      running = await service.start(
        {
          DATABASE_URL: database.url,
          KAFKA_BROKERS: kafkaBrokers.join(','),
          GRPC_PORT: '0',
          KAFKA_CONSUMER_GROUP_PREFIX: `${uniqueName('basics')}.`,
        },
        testLogger(service.serviceName),
      );
    });

    afterAll(async () => {
      await running?.stop();
      await database?.drop();
    });

    it('reports SERVING for itself over the standard gRPC health service once started', async () => {
      const health = createGrpcClient(grpcHealthV1.HealthClient, { address: `127.0.0.1:${running?.grpcPort}` });
      const overall = await health.check({ service: '' });
      const own = await health.check({ service: service.grpcServiceName });
      health.close();
      expect(overall.status).toBe(grpcHealthV1.HealthCheckResponse_ServingStatus.SERVING);
      expect(own.status).toBe(grpcHealthV1.HealthCheckResponse_ServingStatus.SERVING);
      expect(await running?.isReady()).toBe(true);
    });

    it('keeps the outbox and inbox tables of its migrations identical to the shared mechanism', async () => {
      const sql = await readFile(join(service.migrationsDir, '20261122000000_init', 'migration.sql'), 'utf8');
      expect(sql).toContain(OUTBOX_EVENT_DDL);
      expect(sql).toContain(PROCESSED_EVENT_DDL);
    });

    it('keeps the idempotency record table of its migrations identical to the shared mechanism', async () => {
      const migrations = (await readdir(service.migrationsDir, { withFileTypes: true })).filter((entry) => entry.isDirectory());
      const sql = await Promise.all(migrations.map((entry) => readFile(join(service.migrationsDir, entry.name, 'migration.sql'), 'utf8')));
      expect(sql.filter((text) => text.includes(IDEMPOTENCY_RECORD_DDL))).toHaveLength(1);
    });
  });
}
