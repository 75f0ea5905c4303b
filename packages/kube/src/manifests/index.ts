/**
 * The pure half of YAML validate/apply (issue 14, feature 8): files ->
 * texts -> objects with their lines -> placed, ordered, linted, checked
 * against the cluster's OpenAPI schema and diffed. No network, no database:
 * the engine brings discovery, schemas and live objects.
 */
export { objectDiff } from "./diff";
export { lintFindings } from "./lint";
export { objectLabel } from "./object-label";
export { applyOrder, sortForApply, UNKNOWN_KIND_ORDER } from "./order";
export { parseManifests } from "./parse";
export { CREATED_BY_LABEL, type PlaceOptions, placeObjects } from "./place";
export { type ManifestFileInput, readManifestFiles } from "./read-files";
export { validateAgainstSchema } from "./schema";
export type {
  Locate,
  ManifestPath,
  OpenApiSchemas,
  ParsedDocument,
  PlacedObject,
  SchemaProblem,
  SourceFile,
  SourcePosition,
} from "./types";
