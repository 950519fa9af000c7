import { z } from 'zod';

/**
 * Thrown when the environment does not satisfy a service's configuration schema. The message
 * names every offending variable at once so an operator can fix them in one go.
 */
export class ConfigError extends Error {
  constructor(
    readonly serviceName: string,
    readonly problems: readonly string[],
  ) {
    super(`${serviceName}: invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads and validates a service's configuration from environment variables. Each key of the
 * shape is the environment variable's name, so the schema doubles as the documentation of what
 * the service reads. Validation happens once at start; a service never reads process.env later.
 */
export function loadConfig<Shape extends z.ZodRawShape>(
  serviceName: string,
  shape: Shape,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<z.ZodObject<Shape>> {
  const result = z.object(shape).safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const variable = issue.path.join('.');
      return `${variable}: ${issue.message}`;
    });
    throw new ConfigError(serviceName, problems);
  }
  return result.data;
}

/** A TCP port given as a decimal string. */
export const port = (defaultPort: number) => z.coerce.number().int().min(0).max(65_535).default(defaultPort);

/** A host:port pair such as "127.0.0.1:50051". */
export const hostPort = () =>
  z.string().regex(/^[^\s:]+:\d{1,5}$/, 'expected host:port, for example 127.0.0.1:50051');

/** A comma-separated list of host:port pairs, as Kafka bootstrap servers are written. */
export const hostPortList = () =>
  z
    .string()
    .transform((text) => text.split(',').map((part) => part.trim()).filter((part) => part.length > 0))
    .pipe(z.array(hostPort()).min(1, 'expected at least one host:port'));

/** A postgres:// or postgresql:// connection URL. */
export const postgresUrl = () =>
  z.string().regex(/^postgres(ql)?:\/\//, 'expected a postgres:// connection URL');

/** A positive whole number of milliseconds. */
export const durationMs = (defaultMs: number) => z.coerce.number().int().positive().default(defaultMs);

export const logLevel = () =>
  z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info');

export { z };
