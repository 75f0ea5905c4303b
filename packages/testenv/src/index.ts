export { createTestDatabase, postgresAdminUrl, type TestDatabase, testDatabaseKind } from "./database";
export { signInThroughOAuth } from "./oauth-client";
export { type SeedGuild, seedRoleMappings } from "./seed";
