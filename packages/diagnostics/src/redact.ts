/**
 * Redaction for text that leaves ClusterCord (the AI prompt): credentials
 * found by shape (the same shapes notify() blanks; notify is not a pure
 * package, so the list is kept here too), values assigned to environment
 * variables or secret-looking keys, and values the caller knows to be
 * sensitive (the literal env values of the diagnosed containers). Pure.
 */

export const REDACTED = "[redacted]";

const shapes: RegExp[] = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
  /\bBearer\s+[A-Za-z0-9._~+/=-]{12,}/gi,
  /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
  /\b[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40}\b/g,
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
  /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|glpat-[A-Za-z0-9_-]{20,}|xox[abpr]-[A-Za-z0-9-]{10,}|sk-[A-Za-z0-9_-]{20,})\b/g,
];

/** `scheme://user:password@host`: the user and host stay, the password goes. */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi;

/** A value after a key that names a credential, in any case: `password: x`, `api_key=x`, `"token": "x"`. */
const SECRET_KEY =
  /\b([A-Za-z0-9_.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?|authorization|client-key-data|client-certificate-data)[A-Za-z0-9_.-]*["']?\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s,;}"']+)/gi;

/** An environment variable assignment as programs print them (`DB_HOST=10.0.0.5`, `export API_URL="…"`). */
const ENV_ASSIGNMENT = /\b([A-Z][A-Z0-9]*_[A-Z0-9_]*=|[A-Z]{3,}=)("[^"]*"|'[^']*'|[^\s,;]+)/g;

/** Shorter known values are not replaced (they would blank common words and numbers). */
const MIN_KNOWN_LENGTH = 4;

export interface Redactor {
  /** The text with every sensitive part replaced by [redacted]. */
  redact(text: string): string;
  /** How many replacements this redactor made so far. */
  readonly count: number;
}

/** A redactor for one prompt: `known` are values that must not appear, wherever they appear. */
export function createRedactor(known: readonly string[] = []): Redactor {
  // Longest first, so a value containing another is replaced whole.
  const values = [...new Set(known.filter((v) => v.length >= MIN_KNOWN_LENGTH))].sort(
    (a, b) => b.length - a.length,
  );
  let count = 0;
  const redactor: Redactor = {
    get count() {
      return count;
    },
    redact(text) {
      let out = text;
      for (const value of values) {
        if (!out.includes(value)) continue;
        const parts = out.split(value);
        count += parts.length - 1;
        out = parts.join(REDACTED);
      }
      for (const shape of shapes)
        out = out.replace(shape, () => {
          count++;
          return REDACTED;
        });
      out = out.replace(URL_PASSWORD, (_m, head: string) => {
        count++;
        return `${head}${REDACTED}@`;
      });
      const keep = (_m: string, head: string, value: string) => {
        if (value === REDACTED || value.startsWith(REDACTED)) return `${head}${value}`;
        count++;
        return `${head}${REDACTED}`;
      };
      out = out.replace(SECRET_KEY, keep);
      out = out.replace(ENV_ASSIGNMENT, keep);
      return out;
    },
  };
  return redactor;
}

/** Literal env values (`env[].value`) of the pods' containers: what the prompt must never quote. */
export function literalEnvValues(
  pods: readonly {
    spec?: {
      containers?: readonly { env?: readonly { value?: string }[] }[];
      initContainers?: readonly { env?: readonly { value?: string }[] }[];
    };
  }[],
): string[] {
  const values = new Set<string>();
  for (const pod of pods)
    for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])])
      for (const e of c.env ?? []) if (e.value) values.add(e.value);
  return [...values];
}
