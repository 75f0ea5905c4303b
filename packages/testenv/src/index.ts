export { LOCAL_CLUSTER_NETWORKS, localChartPolicy, localClusterPolicy } from "./cluster-policy";
export {
  createTestDatabase,
  openTestDatabase,
  postgresAdminUrl,
  type TestDatabase,
  testDatabaseKind,
} from "./database";
export { signInThroughOAuth } from "./oauth-client";
export { freePort, processIsAlive, type Service, type ServiceOptions, startService } from "./process";
export { openTestRedis, type TestRedis, testRedisUrl } from "./redis";
export { SECRET_MARKERS, SECRET_SHAPES } from "./secret-shapes";
export { type SeedGuild, seedRoleMappings } from "./seed";
export { selfSignedCertificate } from "./self-signed";
export { callTrpc, type TrpcErrorBody, type WorkerHeaders, workerHeaders } from "./trpc-http";
