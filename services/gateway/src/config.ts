import { durationMs, hostPort, loadConfig, logLevel, port, z } from '@ledgerline/config';
import { ROLES } from './auth/api-keys.js';

export const SERVICE_NAME = 'gateway';
/** Shortest API key accepted. */
export const API_KEY_LENGTH_MIN = 16;

const apiKeyEntry = z.strictObject({
  name: z.string().min(1, 'name each key'),
  key: z.string().min(API_KEY_LENGTH_MIN, `use at least ${API_KEY_LENGTH_MIN} characters`),
  companies: z.union([z.literal('*'), z.array(z.string().min(1)).min(1, 'name at least one company, or "*"')]),
  roles: z.array(z.enum(ROLES)),
});

/**
 * LEDGERLINE_API_KEYS: a JSON array of {name, key, companies: [...] or "*", roles: ["clerk",
 * "controller"]}. Messages never repeat a key.
 */
export const apiKeysVariable = () =>
  z
    .string()
    .transform((text, context) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        context.addIssue({ code: 'custom', message: 'expected JSON: [{"name", "key", "companies": [...] or "*", "roles": [...]}]' });
        return z.NEVER;
      }
    })
    .pipe(
      z.array(apiKeyEntry).superRefine((entries, context) => {
        const seen = new Set<string>();
        entries.forEach((entry, index) => {
          if (seen.has(entry.key)) context.addIssue({ code: 'custom', path: [index, 'key'], message: `the key of ${entry.name} is given twice` });
          seen.add(entry.key);
        });
      }),
    )
    .default([]);

/** The gateway's configuration, read once from the environment at start. */
export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(
    SERVICE_NAME,
    {
      GATEWAY_HOST: z.string().min(1).default('127.0.0.1'),
      GATEWAY_PORT: port(8080),
      /** Without it a random key is made at start and logged, so no fixed secret ships in code. */
      LEDGERLINE_DEV_API_KEY: z.string().min(API_KEY_LENGTH_MIN, `use at least ${API_KEY_LENGTH_MIN} characters`).optional(),
      /** API keys besides the development key, each for some companies and roles. */
      LEDGERLINE_API_KEYS: apiKeysVariable(),
      LEDGER_GRPC_ADDRESS: hostPort().default('127.0.0.1:50051'),
      INVOICING_GRPC_ADDRESS: hostPort().default('127.0.0.1:50052'),
      POSTING_GRPC_ADDRESS: hostPort().default('127.0.0.1:50053'),
      CUSTOMER_GRPC_ADDRESS: hostPort().default('127.0.0.1:50054'),
      CUSTOMER_ITEM_GRPC_ADDRESS: hostPort().default('127.0.0.1:50055'),
      BATCH_GRPC_ADDRESS: hostPort().default('127.0.0.1:50056'),
      GRPC_DEADLINE_MS: durationMs(5_000),
      LOG_LEVEL: logLevel(),
      OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
    },
    env,
  );
}

export type GatewayConfig = ReturnType<typeof loadGatewayConfig>;
