/**
 * The suite-wide secret check. Tests and stand-ins register every secret
 * they hand out (tokens, passwords, keys, cookies); everything the system
 * says during a run (process output, audit rows, Discord messages, refusal
 * messages) is collected beside them. After the suite, `scripts/leak-check.ts`
 * fails the run if any collected text contains a registered secret.
 *
 * Only on when `CLUSTERCORD_LEAK_DIR` is set (scripts/test.sh sets it; the
 * demo and single test runs collect nothing). Files there are per process
 * and append-only, so parallel test processes never interleave lines.
 */
import { appendFileSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const leakCheckDir = process.env.CLUSTERCORD_LEAK_DIR;

/** Shorter values are too likely to occur by chance to be checked. */
export const MIN_SECRET_LENGTH = 12;

export interface RegisteredSecret {
  label: string;
  value: string;
}

export interface Leak {
  label: string;
  source: string;
  /** Where in the source, so a person can find it (the secret itself is never printed). */
  offset: number;
}

/** Whether this run collects (scripts/test.sh turns it on). */
export const leakCheckEnabled = () => leakCheckDir !== undefined;

function append(file: string, text: string) {
  if (!leakCheckDir) return;
  try {
    mkdirSync(leakCheckDir, { recursive: true });
    appendFileSync(path.join(leakCheckDir, file), text);
  } catch {
    // Collection must never break the test that is collecting.
  }
}

/** Registers a secret a test uses; returns it, so `const t = registerSecret(...)` reads well. */
export function registerSecret(value: string, label: string): string {
  if (value.length >= MIN_SECRET_LENGTH) {
    append(`secrets-${process.pid}.jsonl`, `${JSON.stringify({ label, value })}\n`);
  }
  return value;
}

/** Collects text the system produced (a process's output, audit rows, a Discord message). */
export function collectOutput(source: string, text: string): void {
  if (!text) return;
  append(`output-${process.pid}.log`, `--- ${source}\n${text}\n`);
}

/** The forms in which a secret would show up in a text: as is, JSON-escaped, URL-encoded. */
function spellings(value: string): string[] {
  return [...new Set([value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)])];
}

/** Pure: every registered secret found in `text`. */
export function findLeaks(secrets: readonly RegisteredSecret[], text: string, source: string): Leak[] {
  const leaks: Leak[] = [];
  for (const secret of secrets) {
    if (secret.value.length < MIN_SECRET_LENGTH) continue;
    for (const form of spellings(secret.value)) {
      const offset = text.indexOf(form);
      if (offset >= 0) {
        leaks.push({ label: secret.label, source, offset });
        break;
      }
    }
  }
  return leaks;
}

/** Reads what a run registered and collected (secret files vs. everything else). */
export function readCollected(dir: string): {
  secrets: RegisteredSecret[];
  outputs: { source: string; text: string }[];
} {
  let files: string[] = [];
  try {
    files = readdirSync(dir);
  } catch {
    return { secrets: [], outputs: [] };
  }
  const secrets: RegisteredSecret[] = [];
  const outputs: { source: string; text: string }[] = [];
  for (const file of files.sort()) {
    const text = readFileSync(path.join(dir, file), "utf8");
    if (file.startsWith("secrets-")) {
      for (const line of text.split("\n")) if (line) secrets.push(JSON.parse(line) as RegisteredSecret);
    } else {
      outputs.push({ source: file, text });
    }
  }
  return { secrets, outputs };
}
