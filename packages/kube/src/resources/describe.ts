/**
 * What a detail page and `/describe` show of one object (pure): its row's
 * facts plus images, selector and data keys, and its YAML (a Secret's
 * without values: they never reach the cache).
 */
import { stringify } from "yaml";
import type { ResourceKind } from "./catalog";
import { arr, type Obj, obj, type Row, SECRET_SIZES, str } from "./rows";

export interface Field {
  label: string;
  value: string;
}

const selectorText = (selector: unknown): string => {
  const s = obj(selector);
  const labels = obj(s.matchLabels ?? (s.matchExpressions ? {} : s));
  const parts = Object.entries(labels).map(([k, v]) => `${k}=${String(v)}`);
  for (const e of arr(s.matchExpressions))
    parts.push(`${str(e.key)} ${str(e.operator).toLowerCase()} (${arr(e.values).map(String).join(",")})`);
  return parts.join(", ");
};

function images(o: Obj): string[] {
  const template = obj(obj(o.spec?.template).spec);
  const jobTemplate = obj(obj(obj(obj(o.spec?.jobTemplate).spec).template).spec);
  const spec = Object.keys(template).length
    ? template
    : Object.keys(jobTemplate).length
      ? jobTemplate
      : (o.spec ?? {});
  return [...arr(spec.initContainers), ...arr(spec.containers)].map((c) => `${str(c.name)}: ${str(c.image)}`);
}

export function describeFields(kind: ResourceKind, o: Obj, row: Row): Field[] {
  const fields: Field[] = [{ label: "Status", value: row.status }];
  kind.columns.forEach((label, i) => {
    const value = row.cells[i];
    if (value) fields.push({ label, value });
  });
  const imageList = images(o);
  if (imageList.length) fields.push({ label: "Images", value: imageList.join("\n") });
  const selector = selectorText(o.spec?.selector);
  if (selector) fields.push({ label: "Selector", value: selector });
  if (kind.key === "configmaps") {
    const keys = [...Object.keys(obj(o.data)), ...Object.keys(obj(o.binaryData))];
    fields.push({ label: "Keys", value: keys.join(", ") || "(none)" });
  }
  if (kind.key === "secrets") {
    const sizes = Object.entries(obj(o[SECRET_SIZES]));
    fields.push({
      label: "Keys",
      value: sizes.map(([k, n]) => `${k} (${String(n)} bytes)`).join(", ") || "(none)",
    });
  }
  const labels = Object.entries(o.metadata?.labels ?? {}).map(([k, v]) => `${k}=${v}`);
  if (labels.length) fields.push({ label: "Labels", value: labels.join("\n") });
  return fields;
}

/** The object as YAML; a Secret's values are absent and a comment says so. */
export function objectYaml(kind: ResourceKind, o: Obj): string {
  // apiVersion and kind first, as kubectl prints them.
  const { apiVersion, kind: kindName, [SECRET_SIZES]: sizes, ...rest } = o;
  const text = stringify({ apiVersion, kind: kindName, ...rest });
  if (kind.key !== "secrets") return text;
  return `# Values are never shown; keys: ${Object.keys(obj(sizes)).join(", ") || "(none)"}\n${text}`;
}
