import type { ManifestFinding, ManifestStep } from "@clustercord/contracts";

/** A field path as keys and list indexes: `["spec", "template", "spec", "containers", 0]`. */
export type ManifestPath = readonly (string | number)[];

/** 1-based line and column, as editors count. */
export interface SourcePosition {
  line: number;
  column: number;
}

/** Maps a field path to where the deepest existing node on it starts; null when not even the document has one. */
export type Locate = (path: ManifestPath) => SourcePosition | null;

/** One file's text after decoding and unpacking; archive entries are named `bundle.zip:deploy/api.yaml`. */
export interface SourceFile {
  name: string;
  text: string;
}

/** One Kubernetes object as written, with where it came from. */
export interface ParsedDocument {
  file: string;
  /** 1-based; the items of a `kind: List` share their list's number. */
  document: number;
  object: Record<string, unknown>;
  locate: Locate;
}

/** An object ready for the cluster: namespace filled in (or removed for cluster-scoped kinds), labels added. */
export interface PlacedObject {
  file: string;
  document: number;
  /** A deep copy of the document's object; the document itself is never changed. */
  object: Record<string, unknown>;
  /** null for cluster-scoped objects. */
  namespace: string | null;
  locate: Locate;
}

/** A schema problem of one object, before it is placed in a file: kubectl's words. */
export interface SchemaProblem {
  path: (string | number)[];
  message: string;
}

/** The `components.schemas` of one `/openapi/v3/apis/<group>/<version>` document. */
export type OpenApiSchemas = Readonly<Record<string, unknown>>;

/** Where and what, for building a ManifestFinding without repeating the nulls. */
export interface FindingInput {
  step: ManifestStep;
  level: ManifestFinding["level"];
  file: string;
  message: string;
  document?: number | null;
  position?: SourcePosition | null;
  object?: string | null;
  field?: string | null;
}

export function finding(input: FindingInput): ManifestFinding {
  return {
    file: input.file,
    document: input.document ?? null,
    line: input.position?.line ?? null,
    column: input.position?.column ?? null,
    step: input.step,
    level: input.level,
    object: input.object ?? null,
    field: input.field ?? null,
    message: input.message,
  };
}
