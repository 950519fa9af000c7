import { ConfigError } from '@ledgerline/config';
import { describe, expect, it } from 'vitest';
import { loadGatewayConfig } from './config.js';

const KEYS = [
  { name: 'acme clerk', key: 'acme-clerk-key-0000', companies: ['acme'], roles: ['clerk'] },
  { name: 'ops', key: 'ops-key-000000000000', companies: '*', roles: ['clerk', 'controller'] },
];

describe('LEDGERLINE_API_KEYS', () => {
  it('is optional', () => {
    expect(loadGatewayConfig({}).LEDGERLINE_API_KEYS).toEqual([]);
  });
  it('reads a JSON list of keys', () => {
    expect(loadGatewayConfig({ LEDGERLINE_API_KEYS: JSON.stringify(KEYS) }).LEDGERLINE_API_KEYS).toEqual(KEYS);
  });
  it.each([
    ['not JSON', 'LEDGERLINE_API_KEYS: expected JSON'],
    [JSON.stringify([{ ...KEYS[0], key: 'short' }]), 'LEDGERLINE_API_KEYS.0.key: use at least 16 characters'],
    [JSON.stringify([{ ...KEYS[0], roles: ['admin'] }]), 'LEDGERLINE_API_KEYS.0.roles.0'],
    [JSON.stringify([{ ...KEYS[0], companies: [] }]), 'LEDGERLINE_API_KEYS.0.companies'],
    [JSON.stringify([KEYS[0], { ...KEYS[1], key: KEYS[0]?.key }]), 'LEDGERLINE_API_KEYS.1.key: the key of ops is given twice'],
  ])('refuses %s, naming the entry and never the key', (value, message) => {
    let thrown: unknown;
    try {
      loadGatewayConfig({ LEDGERLINE_API_KEYS: value });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as Error).message).toContain(message);
    expect((thrown as Error).message).not.toContain('acme-clerk-key-0000');
  });
});
