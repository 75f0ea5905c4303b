import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const configPath = path.join(import.meta.dirname, "../prisma.config.ts");
const migrationsDir = path.join(import.meta.dirname, "../../../prisma/migrations");

/** Migration folders not yet recorded as applied in the database. */
export async function pendingMigrations(url: string): Promise<string[]> {
  const all = readdirSync(migrationsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const table = await client.query<{ ok: boolean }>(
      "select to_regclass('_prisma_migrations') is not null as ok",
    );
    if (!table.rows[0]?.ok) return all;
    const { rows } = await client.query<{ migration_name: string }>(
      "select migration_name from _prisma_migrations where finished_at is not null and rolled_back_at is null",
    );
    const applied = new Set(rows.map((r) => r.migration_name));
    return all.filter((name) => !applied.has(name));
  } finally {
    await client.end();
  }
}

/**
 * Applies pending migrations with Prisma's own CLI (WASM engine, offline).
 * The CLI takes ~10 s to load, so it runs only when something is pending.
 */
export async function migrateDatabase(url: string): Promise<void> {
  if ((await pendingMigrations(url)).length === 0) return;
  const cli = require.resolve("prisma/build/index.js");
  try {
    await run(process.execPath, [cli, "migrate", "deploy", "--config", configPath], {
      // The CLI child inherits this process's environment (PATH, proxies), plus its own settings.
      env: {
        ...process.env,
        DATABASE_URL: url,
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
        // Any existing file: stops the CLI from downloading engine binaries.
        PRISMA_SCHEMA_ENGINE_BINARY: "/bin/false",
        PRISMA_QUERY_ENGINE_LIBRARY: "/bin/false",
      },
      timeout: 120_000,
    });
  } catch (error) {
    const err = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`database migration failed: ${err.stderr || err.stdout || err.message}`);
  }
}
