import type { FieldPath } from "@clustercord/contracts";

export type { FieldPath };

const plainKey = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** `spec.template.spec.containers[0].resources.limits.cpu`; odd keys (label keys) as `["app.kubernetes.io/name"]`. */
export function fieldText(path: FieldPath): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else if (plainKey.test(part)) out += out === "" ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

/** RFC 6901 JSON Pointer for a path (what RFC 6902 patches name). */
export function jsonPointer(path: FieldPath): string {
  return path.map((p) => `/${String(p).replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");
}

/** Back from a JSON Pointer to keys/indices (digit-only segments become indices). */
export function parsePointer(pointer: string): FieldPath {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) throw new Error(`not a JSON Pointer: ${pointer}`);
  return pointer
    .slice(1)
    .split("/")
    .map((s) => {
      const key = s.replaceAll("~1", "/").replaceAll("~0", "~");
      return /^(0|[1-9][0-9]*)$/.test(key) ? Number(key) : key;
    });
}
