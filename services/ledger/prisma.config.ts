import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  // `env()` would throw when the variable is unset, and `prisma generate` needs no database.
  datasource: { url: process.env.DATABASE_URL ?? '' },
});
