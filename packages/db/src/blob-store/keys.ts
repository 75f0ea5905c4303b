import { AppError } from "@clustercord/contracts";

const KEY = /^[a-z0-9._-]+(\/[a-z0-9._-]+)*$/;

/**
 * Object keys are ours (e.g. `snapshots/<guild>/<id>.tar.gz.enc`), never a
 * person's text, but they become file paths and URLs: lower-case letters,
 * digits, `.`, `_`, `-` and `/` between segments; no empty, `.` or `..` segment.
 */
export function checkBlobKey(key: string, store: string): string {
  const bad =
    key.length === 0 ||
    key.length > 512 ||
    !KEY.test(key) ||
    key.split("/").some((segment) => segment === "." || segment === "..");
  if (bad) {
    throw new AppError("BAD_REQUEST", {
      message: `${store}: refused object key ${JSON.stringify(key.slice(0, 100))}: use a-z, 0-9, '.', '_', '-' and '/' between segments, no '.' or '..' segments`,
    });
  }
  return key;
}
