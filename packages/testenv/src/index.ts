export {
  createTestDatabase,
  openTestDatabase,
  postgresAdminUrl,
  type TestDatabase,
  testDatabaseKind,
} from "./database";
export { signInThroughOAuth } from "./oauth-client";
export { freePort, type Service, type ServiceOptions, startService } from "./process";
export { openTestRedis, type TestRedis, testRedisUrl } from "./redis";
export { type SeedGuild, seedRoleMappings } from "./seed";
export { callTrpc, type TrpcErrorBody, workerHeaders } from "./trpc-http";
