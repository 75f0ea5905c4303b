import { createPrivateKey, type KeyObject, X509Certificate } from "node:crypto";

/**
 * Checks for the inline `*-data` fields. Each returns a problem in words
 * (never quoting the data) or the parsed result.
 */
type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

const base64Alphabet = /^[A-Za-z0-9+/]*={0,2}$/;
const pemBlock = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
const privateKeyTypes = new Set(["PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY"]);
/** PEM types a refusal may name; any other type text comes from the upload and is not quoted. */
const nameableTypes = new Set([
  ...privateKeyTypes,
  "ENCRYPTED PRIVATE KEY",
  "PUBLIC KEY",
  "CERTIFICATE REQUEST",
  "EC PARAMETERS",
  "X509 CRL",
]);

/** Standard base64 with padding; line breaks are tolerated like Go's decoder does. Returns the canonical form. */
export function checkBase64(value: string): Checked<{ canonical: string; bytes: Buffer }> {
  const canonical = value.replace(/[\r\n\t ]+/g, "");
  if (canonical === "") return { ok: false, problem: "is empty" };
  if (canonical.length % 4 !== 0 || !base64Alphabet.test(canonical)) {
    return { ok: false, problem: "is not valid base64 (it must be the base64 of a PEM file)" };
  }
  return { ok: true, value: { canonical, bytes: Buffer.from(canonical, "base64") } };
}

function pemBlocks(bytes: Buffer): { type: string; text: string }[] | null {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  return [...text.matchAll(pemBlock)].map((m) => ({ type: m[1] ?? "", text: m[0] }));
}

/** One or more PEM CERTIFICATE blocks, each a parseable X.509 certificate; nothing else. */
export function checkCertificates(bytes: Buffer): Checked<X509Certificate[]> {
  const blocks = pemBlocks(bytes);
  if (!blocks || blocks.length === 0) {
    return {
      ok: false,
      problem: "is base64 but does not decode to a PEM certificate (-----BEGIN CERTIFICATE-----)",
    };
  }
  const certs: X509Certificate[] = [];
  for (const [i, block] of blocks.entries()) {
    if (block.type !== "CERTIFICATE") {
      return {
        ok: false,
        problem: `holds a PEM block of ${nameableTypes.has(block.type) ? `type ${block.type}` : "another type"}; only CERTIFICATE blocks are accepted`,
      };
    }
    try {
      certs.push(new X509Certificate(block.text));
    } catch {
      return { ok: false, problem: `PEM certificate #${i + 1} could not be parsed as X.509` };
    }
  }
  return { ok: true, value: certs };
}

/** Exactly one unencrypted PEM private key (PKCS#8, PKCS#1 RSA or SEC1 EC). */
export function checkPrivateKey(bytes: Buffer): Checked<KeyObject> {
  const blocks = pemBlocks(bytes);
  if (!blocks || blocks.length === 0) {
    return {
      ok: false,
      problem: "is base64 but does not decode to a PEM private key (-----BEGIN PRIVATE KEY-----)",
    };
  }
  const keys = blocks.filter((b) => b.type !== "EC PARAMETERS");
  if (keys.some((b) => b.type === "ENCRYPTED PRIVATE KEY" || b.text.includes("Proc-Type: 4,ENCRYPTED"))) {
    return { ok: false, problem: "is encrypted with a passphrase; give an unencrypted key" };
  }
  const [key, ...extra] = keys;
  if (!key || extra.length > 0 || !privateKeyTypes.has(key.type)) {
    return {
      ok: false,
      problem: "must hold exactly one PEM private key block (PRIVATE KEY, RSA or EC PRIVATE KEY)",
    };
  }
  try {
    return { ok: true, value: createPrivateKey(key.text) };
  } catch {
    return { ok: false, problem: "could not be parsed as a private key" };
  }
}
