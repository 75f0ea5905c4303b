export {
  createTestDatabase,
  openTestDatabase,
  postgresAdminUrl,
  type TestDatabase,
  testDatabaseKind,
} from "./database";
export { signInThroughOAuth } from "./oauth-client";
export { freePort, type Service, type ServiceOptions, startService } from "./process";
export { type SeedGuild, seedRoleMappings } from "./seed";
export { callTrpc, type TrpcErrorBody, type WorkerHeaders, workerHeaders } from "./trpc-http";
