/**
 * Text that looks like a credential, found by shape. Notifications carry
 * text that later features compose from cluster facts (alerts, job output),
 * so notify() blanks these before anything is stored or sent: a secret
 * never reaches the notification center, a DM, a mail, a log or an audit row.
 */
const shapes: { kind: string; pattern: RegExp }[] = [
  {
    kind: "private key",
    pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
  },
  {
    kind: "kubeconfig credential",
    pattern: /\b(?:client-key-data|client-certificate-data|token|password)\s*:\s*["']?[^\s"']{8,}/gi,
  },
  { kind: "bearer token", pattern: /\bBearer\s+[A-Za-z0-9._~+/=-]{12,}/gi },
  { kind: "JSON web token", pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g },
  {
    kind: "Discord bot token",
    pattern: /\b[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40}\b/g,
  },
  { kind: "password in a URL", pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:[^\s@/]+@/gi },
  { kind: "cloud access key", pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  {
    kind: "access token",
    pattern:
      /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|glpat-[A-Za-z0-9_-]{20,}|xox[abpr]-[A-Za-z0-9-]{10,}|sk-[A-Za-z0-9_-]{20,})\b/g,
  },
];

export const REDACTED = "[redacted]";

/** The text with every secret-shaped part replaced, and the kinds found (never the values). */
export function redactSecretShapes(text: string): { text: string; found: string[] } {
  const found = new Set<string>();
  let out = text;
  for (const { kind, pattern } of shapes) {
    out = out.replace(pattern, () => {
      found.add(kind);
      return REDACTED;
    });
  }
  return { text: out, found: [...found] };
}
