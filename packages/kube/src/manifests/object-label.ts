import { isPlainObject } from "../helm/paths";

/** `Deployment shop/api`, `ClusterRole reader`, or null when the object has no kind and name to show. */
export function objectLabel(object: Record<string, unknown>, namespace?: string | null): string | null {
  const metadata = isPlainObject(object.metadata) ? object.metadata : {};
  const kind = typeof object.kind === "string" && object.kind ? object.kind : null;
  const name = typeof metadata.name === "string" && metadata.name ? metadata.name : null;
  if (!kind || !name) return null;
  const ns =
    namespace !== undefined ? namespace : typeof metadata.namespace === "string" ? metadata.namespace : null;
  return ns ? `${kind} ${ns}/${name}` : `${kind} ${name}`;
}
