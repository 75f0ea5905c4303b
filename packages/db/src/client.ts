import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { createPool } from "./adapter";
import { type EmbeddedPostgres, startEmbeddedPostgres } from "./embedded";
import { PrismaClient } from "./generated/client";
import { migrateDatabase } from "./migrate";

export type { PrismaClient };

export interface DatabaseOptions {
  /** PostgreSQL URL. When absent, an embedded PGlite database is used. */
  url?: string | undefined;
  /** Directory for the embedded database (ignored with `url`). */
  dataDir?: string | undefined;
  /** Apply pending migrations before returning (default true). */
  migrate?: boolean;
}

export interface Database {
  prisma: PrismaClient;
  url: string;
  kind: "postgres" | "pglite";
  close(): Promise<void>;
}

export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  let embedded: EmbeddedPostgres | undefined;
  let url = options.url;
  if (!url) {
    embedded = await startEmbeddedPostgres(options.dataDir ?? path.resolve(process.cwd(), ".data/pglite"));
    url = embedded.url;
  }
  try {
    if (options.migrate !== false) await migrateDatabase(url);
    // PGlite is one session: pglite-socket interleaves concurrent extended-protocol
    // batches from several connections (electric-sql/pglite#1046), so one connection
    // queues them instead, as a single session would anyway.
    const pool = createPool(url, embedded ? 1 : 5);
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
    await prisma.$connect();
    return {
      prisma,
      url,
      kind: embedded ? "pglite" : "postgres",
      async close() {
        await prisma.$disconnect();
        await pool.end();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
