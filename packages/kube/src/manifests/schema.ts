import { fieldText } from "@clustercord/policy";
import { isPlainObject } from "../helm/paths";
import type { OpenApiSchemas, SchemaProblem } from "./types";

type Node = Record<string, unknown>;

/** One schema node with its $ref/allOf/oneOf folded in: what a value is checked against. */
interface Resolved {
  /** null: any type. */
  types: ReadonlySet<string> | null;
  /** null: no declared fields (with `additional` null too: a free-form object). */
  properties: Readonly<Record<string, unknown>> | null;
  required: readonly string[];
  /** The schema of a map's values; true: anything. */
  additional: Node | true | null;
  items: Node | null;
  enum: readonly unknown[] | null;
  /** x-kubernetes-preserve-unknown-fields: fields not declared are kept, not refused. */
  preserveUnknown: boolean;
  nullable: boolean;
}

const ANY: Resolved = {
  types: null,
  properties: null,
  required: [],
  additional: null,
  items: null,
  enum: null,
  preserveUnknown: true,
  nullable: true,
};

const REF_PREFIX = "#/components/schemas/";
const MAX_PROBLEMS = 50;

/** Per schemas document: each node resolved once (the memo that keeps 200 objects within milliseconds). */
const resolvedBySchemas = new WeakMap<OpenApiSchemas, WeakMap<Node, Resolved>>();
const rootsBySchemas = new WeakMap<OpenApiSchemas, Map<string, Node>>();

function referenced(schemas: OpenApiSchemas, ref: string): Node | null {
  if (!ref.startsWith(REF_PREFIX)) return null;
  const name = decodeURIComponent(ref.slice(REF_PREFIX.length)).replaceAll("~1", "/").replaceAll("~0", "~");
  const node = schemas[name];
  return isPlainObject(node) ? node : null;
}

/** The simple types a oneOf/anyOf allows (`Quantity`: string or number); null when a branch is not just a type. */
function branchTypes(branches: unknown): string[] | null {
  if (!Array.isArray(branches) || branches.length === 0) return null;
  const types: string[] = [];
  for (const branch of branches) {
    if (!isPlainObject(branch) || typeof branch.type !== "string") return null;
    types.push(branch.type);
  }
  return types;
}

function resolve(schemas: OpenApiSchemas, node: Node, depth = 0): Resolved {
  let memo = resolvedBySchemas.get(schemas);
  if (!memo) {
    memo = new WeakMap();
    resolvedBySchemas.set(schemas, memo);
  }
  const known = memo.get(node);
  if (known) return known;
  if (depth > 32) return ANY; // a $ref loop: do not judge what cannot be resolved

  const parts: Resolved[] = [];
  if (typeof node.$ref === "string") {
    const target = referenced(schemas, node.$ref);
    parts.push(target ? resolve(schemas, target, depth + 1) : ANY);
  }
  if (Array.isArray(node.allOf)) {
    for (const branch of node.allOf)
      if (isPlainObject(branch)) parts.push(resolve(schemas, branch, depth + 1));
  }

  let types: Set<string> | null = null;
  if (typeof node.type === "string") types = new Set([node.type]);
  const alternatives = branchTypes(node.oneOf) ?? branchTypes(node.anyOf);
  if (alternatives) types = new Set(alternatives);
  else if (node.oneOf !== undefined || node.anyOf !== undefined) types = null; // complex branches: the server judges
  if (node.format === "int-or-string" || node["x-kubernetes-int-or-string"] === true) {
    types = new Set(["integer", "string"]);
  }

  const own: Resolved = {
    types,
    properties: isPlainObject(node.properties) ? node.properties : null,
    required: Array.isArray(node.required) ? node.required.filter((r) => typeof r === "string") : [],
    additional: isPlainObject(node.additionalProperties)
      ? node.additionalProperties
      : node.additionalProperties === true
        ? true
        : null,
    items: isPlainObject(node.items) ? node.items : null,
    enum: Array.isArray(node.enum) ? node.enum : null,
    preserveUnknown: node["x-kubernetes-preserve-unknown-fields"] === true,
    nullable: node.nullable === true,
  };
  const resolved = parts.reduce(merge, own);
  memo.set(node, resolved);
  return resolved;
}

/** allOf: every part applies; a field declared by any part is declared. */
function merge(a: Resolved, b: Resolved): Resolved {
  const types =
    a.types && b.types ? new Set([...a.types].filter((t) => b.types?.has(t))) : (a.types ?? b.types);
  return {
    types: types && types.size > 0 ? types : (a.types ?? b.types),
    properties: a.properties || b.properties ? { ...b.properties, ...a.properties } : null,
    required: [...new Set([...a.required, ...b.required])],
    additional: a.additional ?? b.additional,
    items: a.items ?? b.items,
    enum: a.enum ?? b.enum,
    preserveUnknown: a.preserveUnknown || b.preserveUnknown,
    nullable: a.nullable || b.nullable,
  };
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case "object":
      return isPlainObject(value);
    case "array":
      return Array.isArray(value);
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    default:
      return typeof value === type; // string, boolean
  }
}

const orList = (items: readonly string[]) =>
  items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;

function check(
  schemas: OpenApiSchemas,
  value: unknown,
  node: Node,
  path: (string | number)[],
  problems: SchemaProblem[],
): void {
  if (problems.length >= MAX_PROBLEMS) return;
  const schema = resolve(schemas, node);
  // null is "unset": built-in types decode it as the zero value and CRDs prune it; `required` catches the rest.
  if (value === null) return;
  const at = fieldText(path) || "(object)";
  if (schema.types && ![...schema.types].some((t) => hasType(value, t))) {
    problems.push({ path, message: `${at}: expected ${orList([...schema.types])}, got ${typeOf(value)}` });
    return;
  }
  if (schema.enum && !schema.enum.some((e) => e === value)) {
    const allowed = schema.enum.map((e) => JSON.stringify(e)).join(", ");
    problems.push({
      path,
      message: `${at}: unsupported value ${JSON.stringify(value)}: supported values: ${allowed}`,
    });
    return;
  }
  if (Array.isArray(value)) {
    const items = schema.items;
    if (items) for (const [i, item] of value.entries()) check(schemas, item, items, [...path, i], problems);
    return;
  }
  if (!isPlainObject(value)) return;
  for (const name of schema.required) {
    const field = value[name];
    if (field === undefined || (field === null && !isNullable(schemas, schema, name))) {
      problems.push({
        path: [...path, name],
        message:
          path.length > 0 ? `${at}: missing required field "${name}"` : `missing required field "${name}"`,
      });
    }
  }
  const { properties, additional } = schema;
  for (const [key, field] of Object.entries(value)) {
    const declared = properties?.[key];
    if (isPlainObject(declared)) check(schemas, field, declared, [...path, key], problems);
    else if (additional === true) continue;
    else if (additional) check(schemas, field, additional, [...path, key], problems);
    else if (properties && !schema.preserveUnknown) {
      problems.push({ path: [...path, key], message: `unknown field "${fieldText([...path, key])}"` });
    }
  }
}

function isNullable(schemas: OpenApiSchemas, parent: Resolved, name: string): boolean {
  const field = parent.properties?.[name];
  return isPlainObject(field) && resolve(schemas, field).nullable;
}

/** The schema that says it is `group/version, Kind` (`x-kubernetes-group-version-kind`), found once per document. */
function rootSchema(
  schemas: OpenApiSchemas,
  gvk: { group: string; version: string; kind: string },
): Node | null {
  let roots = rootsBySchemas.get(schemas);
  if (!roots) {
    roots = new Map();
    for (const node of Object.values(schemas)) {
      if (!isPlainObject(node) || !Array.isArray(node["x-kubernetes-group-version-kind"])) continue;
      for (const g of node["x-kubernetes-group-version-kind"]) {
        if (isPlainObject(g)) roots.set(`${g.group ?? ""}/${g.version}/${g.kind}`, node);
      }
    }
    rootsBySchemas.set(schemas, roots);
  }
  return roots.get(`${gvk.group}/${gvk.version}/${gvk.kind}`) ?? null;
}

/**
 * Checks an object against the cluster's OpenAPI v3 schema for its kind, as
 * the API server's strict field validation would: types (int-or-string and
 * Quantity's string-or-number included), enums, required fields, unknown
 * fields (kubectl's words), maps, and x-kubernetes-preserve-unknown-fields.
 * `status` is the server's and is not checked. Problems name the field path
 * (`spec.template.spec.containers[0].resources.limits.cpu: expected string or
 * number, got array`); the caller maps paths to lines.
 */
export function validateAgainstSchema(
  object: Record<string, unknown>,
  schemas: OpenApiSchemas,
  gvk: { group: string; version: string; kind: string },
): SchemaProblem[] {
  const root = rootSchema(schemas, gvk);
  const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
  if (!root) return [{ path: ["kind"], message: `unknown kind ${gvk.kind} in apiVersion ${apiVersion}` }];
  const { status: _status, ...rest } = object;
  const problems: SchemaProblem[] = [];
  check(schemas, rest, root, [], problems);
  return problems;
}
