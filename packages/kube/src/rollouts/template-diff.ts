/**
 * What changes when one pod template replaces another (an undo, a canary
 * promotion): a short list a person reads first (images, env names,
 * resources, replicas, ...) and a unified diff of the template's YAML. Env
 * values never appear: a literal value shows as hidden (marked when it
 * differs), a reference (valueFrom) by the names it points at. Pure.
 */
import { isDeepStrictEqual } from "node:util";
import type { TemplateChange } from "@clustercord/contracts";
import { FILE_HEADERS_ONLY, formatPatch, structuredPatch } from "diff";
import { stringify } from "yaml";
import { arr, type Json, obj, str } from "../resources/rows";
import { bareTemplate } from "./revisions";

export interface TemplateSide {
  /** A pod template (spec.template of a Deployment, a ReplicaSet, ...). */
  template: Json;
  /** The workload's replicas, when they are part of the change. */
  replicas?: number;
}

export interface TemplateDiff {
  changes: TemplateChange[];
  /** Unified diff (current -> target) of the templates as YAML with env values blanked; "" when equal. */
  diff: string;
}

export const HIDDEN_VALUE = "(value hidden)";
export const CHANGED_VALUE = "(value hidden, changed)";
const NONE = "(none)";

type Area = TemplateChange["area"];

const compact = (value: unknown): string =>
  value === undefined || value === null
    ? NONE
    : stringify(value, { collectionStyle: "flow", lineWidth: 0, sortMapEntries: true }).trim();

/** `NAME`, or `NAME from secret db/password` for a reference: never a value. */
function envEntry(e: Json): string {
  const name = str(e.name);
  const from = obj(e.valueFrom);
  const ref = (key: string, label: string) => {
    const r = obj(from[key]);
    return Object.keys(r).length ? `${name} from ${label} ${str(r.name)}/${str(r.key)}` : null;
  };
  const field = obj(from.fieldRef).fieldPath
    ? `${name} from field ${str(obj(from.fieldRef).fieldPath)}`
    : null;
  const resource = obj(from.resourceFieldRef).resource
    ? `${name} from resource ${str(obj(from.resourceFieldRef).resource)}`
    : null;
  return ref("secretKeyRef", "secret") ?? ref("configMapKeyRef", "configmap") ?? field ?? resource ?? name;
}

const containersOf = (template: Json): Json[] => [
  ...arr(obj(template.spec).initContainers),
  ...arr(obj(template.spec).containers),
];

const portsText = (c: Json) =>
  arr(c.ports)
    .map(
      (p) => `${p.name ? `${str(p.name)}:` : ""}${String(p.containerPort ?? "")}/${str(p.protocol) || "TCP"}`,
    )
    .join(", ") || NONE;

const words = (value: unknown) => (Array.isArray(value) ? value.map(String).join(" ") : NONE);

function envChanges(name: string, from: Json, to: Json): TemplateChange[] {
  const before = new Map(arr(from.env).map((e) => [str(e.name), e]));
  const after = new Map(arr(to.env).map((e) => [str(e.name), e]));
  const out: TemplateChange[] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(key);
    const b = after.get(key);
    if (a && b && isDeepStrictEqual(a, b)) continue;
    const changedLiteral = a && b && envEntry(a) === envEntry(b);
    out.push({
      area: "env",
      container: name,
      from: a ? envEntry(a) : NONE,
      to: b ? (changedLiteral ? `${envEntry(b)} ${CHANGED_VALUE}` : envEntry(b)) : NONE,
    });
  }
  return out;
}

function containerChanges(name: string, a: Json, b: Json): TemplateChange[] {
  const out: TemplateChange[] = [];
  const push = (area: Area, from: string, to: string) => {
    if (from !== to) out.push({ area, container: name, from, to });
  };
  push("image", str(a.image) || NONE, str(b.image) || NONE);
  out.push(...envChanges(name, a, b));
  push("resources", compact(a.resources), compact(b.resources));
  push("command", words(a.command), words(b.command));
  push("args", words(a.args), words(b.args));
  push("ports", portsText(a), portsText(b));
  for (const probe of ["livenessProbe", "readinessProbe", "startupProbe"])
    if (!isDeepStrictEqual(a[probe], b[probe]))
      out.push({
        area: "probes",
        container: name,
        from: `${probe} ${compact(a[probe])}`,
        to: `${probe} ${compact(b[probe])}`,
      });
  const known = new Set([
    "name",
    "image",
    "env",
    "resources",
    "command",
    "args",
    "ports",
    "livenessProbe",
    "readinessProbe",
    "startupProbe",
  ]);
  const rest = [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter((k) => !known.has(k) && !isDeepStrictEqual(a[k], b[k]))
    .sort();
  if (rest.length)
    out.push({
      area: "other",
      container: name,
      from: `differs in ${rest.join(", ")}`,
      to: "as in the target",
    });
  return out;
}

/** Top-level differences outside the containers: volumes, service account, template labels and annotations... */
function podChanges(a: Json, b: Json): TemplateChange[] {
  const paths: string[] = [];
  const specA = obj(a.spec);
  const specB = obj(b.spec);
  for (const key of new Set([...Object.keys(specA), ...Object.keys(specB)]))
    if (key !== "containers" && key !== "initContainers" && !isDeepStrictEqual(specA[key], specB[key]))
      paths.push(`spec.${key}`);
  const metaA = obj(a.metadata);
  const metaB = obj(b.metadata);
  for (const key of new Set([...Object.keys(metaA), ...Object.keys(metaB)]))
    if (!isDeepStrictEqual(metaA[key], metaB[key])) paths.push(`metadata.${key}`);
  return paths.length
    ? [
        {
          area: "other",
          container: null,
          from: `pod template differs in ${paths.sort().join(", ")}`,
          to: "as in the target",
        },
      ]
    : [];
}

/** The template as YAML is shown: env literal values blanked (marked on the target side when they differ). */
function blanked(template: Json, against?: Json): Json {
  const otherEnv = new Map<string, Json>();
  if (against)
    for (const c of containersOf(against))
      for (const e of arr(c.env)) otherEnv.set(`${str(c.name)}/${str(e.name)}`, e);
  const blank = (c: Json): Json => ({
    ...c,
    ...(Array.isArray(c.env)
      ? {
          env: arr(c.env).map((e) => {
            if (!("value" in e)) return e;
            const other = otherEnv.get(`${str(c.name)}/${str(e.name)}`);
            const changed = against && other && "value" in other && other.value !== e.value;
            return { ...e, value: changed ? CHANGED_VALUE : HIDDEN_VALUE };
          }),
        }
      : {}),
  });
  const spec = obj(template.spec);
  return {
    ...template,
    spec: {
      ...spec,
      ...(Array.isArray(spec.containers) ? { containers: arr(spec.containers).map(blank) } : {}),
      ...(Array.isArray(spec.initContainers) ? { initContainers: arr(spec.initContainers).map(blank) } : {}),
    },
  };
}

const yamlOf = (side: TemplateSide, template: Json) =>
  stringify(
    { ...(side.replicas === undefined ? {} : { replicas: side.replicas }), template },
    { sortMapEntries: true, lineWidth: 0 },
  );

/** What replacing `current`'s template with `target`'s changes (see the module comment). */
export function templateDiff(current: TemplateSide, target: TemplateSide): TemplateDiff {
  const a = bareTemplate(current.template);
  const b = bareTemplate(target.template);
  const changes: TemplateChange[] = [];
  if (current.replicas !== undefined && target.replicas !== undefined && current.replicas !== target.replicas)
    changes.push({
      area: "replicas",
      container: null,
      from: String(current.replicas),
      to: String(target.replicas),
    });
  const before = new Map(containersOf(a).map((c) => [str(c.name), c]));
  const after = new Map(containersOf(b).map((c) => [str(c.name), c]));
  for (const name of new Set([...before.keys(), ...after.keys()])) {
    const x = before.get(name);
    const y = after.get(name);
    if (x && y) changes.push(...containerChanges(name, x, y));
    else
      changes.push({
        area: "other",
        container: name,
        from: x ? `container ${name} (${str(x.image)})` : NONE,
        to: y ? `container ${name} (${str(y.image)})` : NONE,
      });
  }
  changes.push(...podChanges(a, b));
  const from = yamlOf(current, blanked(a));
  const to = yamlOf(target, blanked(b, a));
  const diff =
    from === to
      ? ""
      : formatPatch(
          structuredPatch("current", "target", from, to, undefined, undefined, { context: 3 }),
          FILE_HEADERS_ONLY,
        );
  return { changes, diff };
}
