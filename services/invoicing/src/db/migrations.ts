import { fileURLToPath } from 'node:url';

/** This service's Prisma migrations; they stay inside the service that owns the tables. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../prisma/migrations', import.meta.url));
