import type { ManifestFinding } from "@clustercord/contracts";
import { type KubeObject, lintObjects } from "@clustercord/policy";
import { objectLabel } from "./object-label";
import type { PlacedObject } from "./types";

/**
 * The policy package's lint rules over the whole batch (cross-object rules
 * such as Service selectors and PDBs see every object), each finding placed
 * at its field's line. Lint advises: never an error, so it never stops the flow.
 */
export function lintFindings(placed: readonly PlacedObject[]): ManifestFinding[] {
  const results = lintObjects(placed.map((p) => p.object as KubeObject));
  return results.flatMap(({ index, findings }) => {
    const at = placed[index] as PlacedObject;
    const object = objectLabel(at.object, at.namespace);
    return findings.map((f): ManifestFinding => {
      const position = at.locate(f.path);
      return {
        file: at.file,
        document: at.document,
        line: position?.line ?? null,
        column: position?.column ?? null,
        step: "lint",
        level: f.severity === "INFO" ? "info" : "warning",
        object,
        field: f.field || null,
        message: f.message,
        ruleId: f.ruleId,
        severity: f.severity,
        ...(f.fix ? { fix: f.fix } : {}),
      };
    });
  });
}
