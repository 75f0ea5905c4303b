import { HELM_VALUES_MAX_BYTES } from "@clustercord/contracts";
import { isMap, isScalar, parseDocument, stringify } from "yaml";
import { UserError } from "../../user-error";

/**
 * `/cluster bootstrap custom_values:<file>`: one YAML file for the whole
 * preset, with a section per component (`grafana:`, `loki:`…), split into
 * the per-component values blueprints.plan takes. A preset of one component
 * also takes that component's values as they are. The API parses each part
 * strictly again and checks it against the chart's schema.
 */
export function splitComponentValues(text: string, components: readonly string[]): Record<string, string> {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  const [error] = doc.errors;
  if (error) throw new UserError(`custom_values is not valid YAML: ${error.message.split("\n")[0]}`);
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) return {};
  if (!isMap(doc.contents)) throw new UserError("custom_values must be a YAML mapping (key: value).");
  const keys = doc.contents.items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : ""));
  const [only] = components;
  if (!keys.every((k) => components.includes(k))) {
    if (only && components.length === 1) return { [only]: text };
    const unknown = keys.filter((k) => !components.includes(k));
    throw new UserError(
      `custom_values has sections for no component of this preset (${unknown.slice(0, 5).join(", ")}); ` +
        `use one section per component: ${components.join(", ")}.`,
    );
  }
  let js: Record<string, unknown>;
  try {
    js = doc.toJS({ maxAliasCount: 0 }) as Record<string, unknown>;
  } catch {
    throw new UserError("custom_values may not use YAML aliases.");
  }
  const out: Record<string, string> = {};
  for (const key of keys) {
    const part = js[key] ?? {};
    if (typeof part !== "object" || Array.isArray(part)) {
      throw new UserError(`custom_values: the ${key} section must be a mapping of that chart's values.`);
    }
    const yaml = stringify(part);
    if (Buffer.byteLength(yaml) > HELM_VALUES_MAX_BYTES)
      throw new UserError(`custom_values: values must be at most 256 KiB (${key}).`);
    out[key] = yaml;
  }
  return out;
}
