/**
 * What the logger blanks, by path (pino's redact): credentials under any of
 * these keys at the top of a log line or up to two objects down, request and
 * response headers that carry them, and Kubernetes Secret values. A key is
 * blanked whatever its value, so a secret logged under one of these names
 * never leaves the process.
 */
export const CENSOR = "[redacted]";

/** Keys whose value is a credential wherever it appears. */
const SECRET_KEYS = [
  "token",
  "accessToken",
  "refreshToken",
  "access_token",
  "refresh_token",
  "id_token",
  "sessionToken",
  "botToken",
  "serviceToken",
  "bearerToken",
  "password",
  "passphrase",
  "secret",
  "clientSecret",
  "client_secret",
  "authSecret",
  "cookie",
  "cookies",
  "authorization",
  "kubeconfig",
  "client-key-data",
  "client-certificate-data",
  "encryptionKeys",
  "confirmationKey",
  "metricsToken",
  "apiKey",
  "LLM_API_KEY",
  "secretAccessKey",
  "S3_SECRET_ACCESS_KEY",
  "stringData",
] as const;

/** Headers that carry credentials (the worker's signature headers included), as Node lower-cases them. */
const SECRET_HEADERS = [
  "cookie",
  "set-cookie",
  "authorization",
  "proxy-authorization",
  "x-clustercord-signature",
  "x-clustercord-nonce",
] as const;

const key = (name: string) => (/^[A-Za-z_$][\w$]*$/.test(name) ? `.${name}` : `["${name}"]`);

export function redactPaths(): string[] {
  const paths: string[] = [];
  for (const name of SECRET_KEYS) {
    const k = key(name);
    paths.push(k.startsWith(".") ? k.slice(1) : k, `*${k}`, `*.*${k}`);
  }
  for (const holder of ["headers", "req.headers", "res.headers", "request.headers", "response.headers"])
    for (const header of SECRET_HEADERS) paths.push(`${holder}${key(header)}`);
  // A Kubernetes Secret logged as `secret` or `object`: its values, not its name.
  for (const holder of ["secret", "*.secret", "object", "*.object"]) paths.push(`${holder}.data`);
  return paths;
}
