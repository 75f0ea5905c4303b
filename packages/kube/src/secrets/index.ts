export { checkSecretType } from "./check-type";
export { diffSecretKeys, type SecretKeyDiff } from "./diff";
export { generateSecretValue, PASSWORD_ALPHABET } from "./generate";
export {
  MANAGED_BY_LABEL,
  type SecretManifestInput,
  secretManifest,
  VAULT_VERSION_ANNOTATION,
} from "./manifest";
export { detectSecretFormat, parseSecretValues, type SecretFileFormat, type SecretValues } from "./parse";
export { deploymentsUsingSecret, podSpecUsesSecret } from "./usage";
