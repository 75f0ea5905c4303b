import { AppError } from "@clustercord/contracts";

export type PathSegment = string | number | symbol;

const plainKey = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * Stands for a mapping key that is not a kubeconfig field: a value written
 * as a mapping (`token: {s3cr3t}`) makes the secret a key, so such keys are
 * shown as `[…]`, never quoted.
 */
export const HIDDEN_KEY: unique symbol = Symbol("a key that is not shown");

/** `["users", 0, "user", "exec"]` -> `users[0].user.exec`, the way people read kubeconfig paths. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = "";
  for (const segment of path) {
    if (segment === HIDDEN_KEY) out += "[…]";
    else if (typeof segment === "number") out += `[${segment}]`;
    else {
      const key = String(segment);
      if (plainKey.test(key)) out += out ? `.${key}` : key;
      else out += `[${JSON.stringify(quoteSafe(key))}]`;
    }
  }
  return out || "(top level)";
}

/** Names and keys come from the upload: keep them short in messages. Never pass secret values here. */
export function quoteSafe(value: string, max = 80): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}

export function badRequest(userMessage: string, cause?: unknown): AppError {
  return new AppError("BAD_REQUEST", { userMessage, message: `kubeconfig refused: ${userMessage}`, cause });
}

/**
 * Collects every problem so a person can fix a file in one go; thrown as a
 * single BAD_REQUEST. Messages name paths and settings, never values.
 */
export class Problems {
  readonly list: string[] = [];

  add(path: readonly PathSegment[], problem: string): void {
    this.list.push(`${formatPath(path)}: ${problem}`);
  }

  throwIfAny(): void {
    if (this.list.length === 0) return;
    const shown = this.list.slice(0, 5);
    const more = this.list.length - shown.length;
    throw badRequest(shown.join("\n") + (more > 0 ? `\n(and ${more} more)` : ""));
  }
}
