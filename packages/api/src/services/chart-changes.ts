/**
 * A chart version's changelog from its `artifacthub.io/changes` annotation:
 * a YAML list of `{kind, description}` objects or of plain strings (which
 * ArtifactHub shows without a kind; we call them "changed"). Pure; a bad
 * annotation yields no changes rather than an error (it is the publisher's
 * metadata, not the person's input).
 */
import { parse as parseYaml } from "yaml";

export interface ChartChange {
  kind: string;
  description: string;
}

const MAX_CHANGES = 200;
const MAX_TEXT = 2_000;

export function parseChangesAnnotation(annotation: string | null | undefined): ChartChange[] {
  if (!annotation) return [];
  let doc: unknown;
  try {
    doc = parseYaml(annotation, { maxAliasCount: 0, schema: "core" });
  } catch {
    return [];
  }
  if (!Array.isArray(doc)) return [];
  const changes: ChartChange[] = [];
  for (const item of doc.slice(0, MAX_CHANGES)) {
    if (typeof item === "string" && item.trim()) {
      changes.push({ kind: "changed", description: item.trim().slice(0, MAX_TEXT) });
    } else if (item && typeof item === "object") {
      const { kind, description } = item as { kind?: unknown; description?: unknown };
      if (typeof description !== "string" || !description.trim()) continue;
      changes.push({
        kind: typeof kind === "string" && kind.trim() ? kind.trim().slice(0, 40) : "changed",
        description: description.trim().slice(0, MAX_TEXT),
      });
    }
  }
  return changes;
}
