import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase } from "@clustercord/db";
import pg from "pg";
import { collectOutput, leakCheckEnabled } from "./leak-check";

export type DatabaseKind = "pglite" | "postgres";

/** Which database the integration suite runs on (DB_KIND), PGlite by default. */
export function testDatabaseKind(): DatabaseKind {
  const kind = process.env.DB_KIND ?? "pglite";
  if (kind !== "pglite" && kind !== "postgres")
    throw new Error(`DB_KIND must be pglite or postgres, not ${kind}`);
  return kind;
}

export interface TestDatabase {
  kind: DatabaseKind;
  /** For openDatabase(): a PostgreSQL URL, or a PGlite data directory. */
  url: string | undefined;
  dataDir: string | undefined;
  drop(): Promise<void>;
}

/** What a test made the system write to its audit log joins the suite's leak check. */
async function collectAuditRows(where: { url?: string; dataDir?: string }) {
  if (!leakCheckEnabled()) return;
  try {
    const db = await openDatabase({ ...where, migrate: false });
    try {
      const rows = await db.prisma.auditLog.findMany();
      collectOutput(
        "audit rows",
        JSON.stringify(rows, (_, v) => (typeof v === "bigint" ? String(v) : v)),
      );
    } finally {
      await db.close();
    }
  } catch (error) {
    // Never migrated (no table): nothing to check. Anything else is said.
    if (!/does not exist/.test(String(error))) collectOutput("audit rows unreadable", String(error));
  }
}

/** The admin URL of the machine's PostgreSQL (TEST_POSTGRES_URL overrides). */
export const postgresAdminUrl = () =>
  process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/**
 * A fresh, empty database for one test file: a new database on the real
 * PostgreSQL server, or a new PGlite directory. A test that needs it starts
 * it; when PostgreSQL is asked for and absent, this fails loudly.
 */
export async function createTestDatabase(kind: DatabaseKind = testDatabaseKind()): Promise<TestDatabase> {
  if (kind === "pglite") {
    const dataDir = mkdtempSync(path.join(tmpdir(), "cc-pglite-"));
    return {
      kind,
      url: undefined,
      dataDir,
      drop: async () => {
        // A web server given this as DATA_DIR keeps its database in pglite/ below it.
        const served = path.join(dataDir, "pglite");
        await collectAuditRows({ dataDir: existsSync(served) ? served : dataDir });
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const name = `cc_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(postgresAdminUrl());
  url.pathname = `/${name}`;
  return {
    kind,
    url: url.toString(),
    dataDir: undefined,
    async drop() {
      await collectAuditRows({ url: url.toString() });
      const c = new pg.Client({ connectionString: postgresAdminUrl() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A fresh, migrated database for one test file, opened; `drop()` closes and removes it. */
export async function openTestDatabase(kind: DatabaseKind = testDatabaseKind()) {
  const target = await createTestDatabase(kind);
  const db = await openDatabase({ url: target.url, dataDir: target.dataDir }).catch(
    async (error: unknown) => {
      await target.drop();
      throw error;
    },
  );
  return {
    kind,
    db,
    async drop() {
      await db.close();
      await target.drop();
    },
  };
}
