import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

const NAME_OID = 19;
const TEXT_OID = 25;

/**
 * A pg.Pool whose results report `name` columns as `text`.
 * Works around prisma/orm#27403: adapter-pg cannot deserialize `name`,
 * which the migration engine reads from the catalog.
 */
class NameAsTextPool extends pg.Pool {
  // biome-ignore lint/suspicious/noExplicitAny: pg's overloaded query signature
  override query(...args: any[]): any {
    // biome-ignore lint/suspicious/noExplicitAny: see above
    const result = (super.query as any)(...args);
    if (result && typeof result.then === "function") {
      return result.then((res: pg.QueryResult) => {
        for (const field of res?.fields ?? []) {
          if (field.dataTypeID === NAME_OID) field.dataTypeID = TEXT_OID;
        }
        return res;
      });
    }
    return result;
  }
}

export function createPool(connectionString: string, max = 5): pg.Pool {
  const pool = new NameAsTextPool({ connectionString, max });
  // An idle connection dropped by the server must not crash the process;
  // the pool replaces it on the next query.
  pool.on("error", () => {});
  return pool;
}

export function createAdapter(connectionString: string, max = 5): PrismaPg {
  return new PrismaPg(createPool(connectionString, max));
}
