import pg from 'pg';

/** Returns the URL of another database on the same server, keeping credentials and options. */
export function databaseUrl(serverUrl: string, databaseName: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${databaseName}`;
  return url.toString();
}

const DATABASE_NAME_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

/** Creates the database when it does not exist yet; safe to call from several processes at once. */
export async function ensureDatabase(serverUrl: string, databaseName: string): Promise<void> {
  if (!DATABASE_NAME_PATTERN.test(databaseName)) {
    throw new Error(`invalid database name ${JSON.stringify(databaseName)}`);
  }
  const client = new pg.Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [databaseName]);
    if (rowCount === 0) {
      try {
        await client.query(`CREATE DATABASE "${databaseName}"`);
      } catch (error) {
        // Another process may have created it between our check and our CREATE.
        if ((error as { code?: string }).code !== '42P04' && (error as { code?: string }).code !== '23505') throw error;
      }
    }
  } finally {
    await client.end();
  }
}

/** Drops a database, disconnecting whoever is still connected; used to clean up test databases. */
export async function dropDatabase(serverUrl: string, databaseName: string): Promise<void> {
  if (!DATABASE_NAME_PATTERN.test(databaseName)) {
    throw new Error(`invalid database name ${JSON.stringify(databaseName)}`);
  }
  const client = new pg.Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
