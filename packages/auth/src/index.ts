export {
  type AccountTokenContext,
  type CipherKey,
  type CredentialCipher,
  createCredentialCipher,
  parseKeyring,
  type SealContext,
} from "./credential-cipher";
export {
  createDiscordDirectory,
  type DiscordApiGuild,
  type DiscordApiMember,
  type DiscordApiUser,
  type DiscordDirectory,
  type DiscordDirectoryOptions,
} from "./discord-directory";
export { createEnvelopeCipher, type EnvelopeCipher, keyedDigests } from "./envelope";
export { grantsAdmin, type RoleInputs, resolveRole } from "./role-resolution";
export {
  type IncomingServiceRequest,
  isServiceRequest,
  NonceCache,
  type ServiceVerification,
  verifyServiceRequest,
} from "./service-token";
export { readSessionToken, sessionCookieNames } from "./session-cookie";
