import { describe, expect, it } from 'vitest';
import { ConfigError, hostPortList, loadConfig, port, postgresUrl } from './index.js';

describe('loadConfig', () => {
  it('applies defaults and coerces numbers', () => {
    const config = loadConfig('svc', { GRPC_PORT: port(50051) }, {});
    expect(config.GRPC_PORT).toBe(50051);
  });

  it('names every invalid variable in one error', () => {
    const load = () =>
      loadConfig('svc', { GRPC_PORT: port(1), DATABASE_URL: postgresUrl() }, { GRPC_PORT: 'abc' });
    expect(load).toThrow(ConfigError);
    try {
      load();
    } catch (error) {
      expect((error as ConfigError).problems.map((p) => p.split(':')[0])).toEqual(['GRPC_PORT', 'DATABASE_URL']);
    }
  });

  it('splits a broker list and rejects an entry without a port', () => {
    expect(loadConfig('svc', { KAFKA_BROKERS: hostPortList() }, { KAFKA_BROKERS: 'a:1, b:2' }).KAFKA_BROKERS).toEqual([
      'a:1',
      'b:2',
    ]);
    expect(() => loadConfig('svc', { KAFKA_BROKERS: hostPortList() }, { KAFKA_BROKERS: 'a' })).toThrow(ConfigError);
  });
});
