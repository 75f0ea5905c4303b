// Prisma CLI config: the WASM schema engine over a driver adapter, so
// `migrate deploy` works offline (no engine binaries are downloaded).
import path from "node:path";
import { defineConfig } from "prisma/config";
import { createAdapter } from "./src/adapter";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join(import.meta.dirname, "../../prisma/schema.prisma"),
  migrations: { path: path.join(import.meta.dirname, "../../prisma/migrations") },
  adapter: async () => createAdapter(process.env.DATABASE_URL ?? ""),
});
