import { createPrivateKey, createPublicKey, type KeyObject, X509Certificate } from "node:crypto";
import type { VaultSecretType } from "@clustercord/contracts";
import { secretInputError } from "./errors";

/**
 * What Kubernetes (and the things that read these Secrets) expect of the
 * typed secrets, checked before anything is stored. Messages name the key
 * and the problem; the library errors are not passed on (they can quote input).
 */
export function checkSecretType(type: VaultSecretType, values: Readonly<Record<string, string>>): void {
  if (type === "kubernetes.io/dockerconfigjson") checkDockerConfig(values);
  else if (type === "kubernetes.io/tls") checkTlsPair(values);
}

function checkDockerConfig(values: Readonly<Record<string, string>>): void {
  const text = values[".dockerconfigjson"];
  if (text === undefined) {
    throw secretInputError("a kubernetes.io/dockerconfigjson secret needs the key .dockerconfigjson");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw secretInputError(".dockerconfigjson is not valid JSON");
  }
  const auths = (parsed as { auths?: unknown } | null)?.auths;
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw secretInputError('.dockerconfigjson must be a JSON object with "auths"');
  }
  if (typeof auths !== "object" || auths === null || Array.isArray(auths)) {
    throw secretInputError('.dockerconfigjson must hold an "auths" object (registry -> credentials)');
  }
  for (const [registry, entry] of Object.entries(auths)) {
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      throw secretInputError(
        `.dockerconfigjson: auths entry for ${JSON.stringify(registry.slice(0, 200))} must be an object`,
      );
    }
  }
}

function checkTlsPair(values: Readonly<Record<string, string>>): void {
  const missing = ["tls.crt", "tls.key"].filter((k) => values[k] === undefined);
  if (missing.length > 0) {
    throw secretInputError(
      `a kubernetes.io/tls secret needs the keys tls.crt and tls.key (missing: ${missing.join(", ")})`,
    );
  }
  let cert: X509Certificate;
  try {
    // With a chain, the first certificate is the server's (the one the key must match).
    cert = new X509Certificate(values["tls.crt"] ?? "");
  } catch {
    throw secretInputError("tls.crt is not a PEM certificate");
  }
  const keyPem = values["tls.key"] ?? "";
  // OpenSSL asks for a passphrase (and fails as "interrupted") instead of saying the key is encrypted.
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,ENCRYPTED/.test(keyPem)) {
    throw secretInputError("tls.key is encrypted with a passphrase; give the unencrypted key");
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(keyPem);
  } catch {
    throw secretInputError("tls.key is not a PEM private key");
  }
  const certPublic = cert.publicKey.export({ type: "spki", format: "der" });
  const keyPublic = createPublicKey(key).export({ type: "spki", format: "der" });
  if (!certPublic.equals(keyPublic)) {
    throw secretInputError("tls.crt and tls.key do not match: the certificate is for another private key");
  }
}
