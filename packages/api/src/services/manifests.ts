/**
 * manifests.*: parse → schema → dry-run → lint → diff, then apply after confirm.
 *
 * Parse, placement, schema checks, lint and diff are pure (@clustercord/kube
 * manifests); this service adds the cluster: its discovery and OpenAPI v3
 * schemas (cached, ClusterCord's credentials), and a server-side dry-run and
 * live read of every object AS the person.
 */

import type {
  ManifestApplyResult,
  ManifestFinding,
  ManifestObject,
  ManifestPlan,
  ManifestStepResult,
  ManifestsApplyInput,
  ManifestsInput,
  ManifestValidation,
} from "@clustercord/contracts";
import { AppError } from "@clustercord/contracts";
import {
  type ClusterSchemaCache,
  causePath,
  type Discovery,
  fromKubeError,
  guildNamespace,
  lintFindings,
  mapLimit,
  type OpenApiSchemas,
  objectDiff,
  type PlacedObject,
  parseManifests,
  placeObjects,
  readManifestFiles,
  readObject,
  serverSideApply,
  sortForApply,
  splitApiVersion,
  validateAgainstSchema,
} from "@clustercord/kube";
import type { z } from "zod";
import type { ApiDeps } from "../context";
import { openActorCluster, personKubeConfig } from "./actor-cluster";
import { deniedByPolicy, objectLabel } from "./manifest-apply";
import { applyStoredPlan, type PlannedObject, storeApplyPlan } from "./manifest-plans";
import { schemaCacheFor } from "./manifest-schemas";
import { changesText, completeSteps, countsOf, ranStep } from "./manifest-steps";
import { type Actor, type OpenedCluster, visibleNamespaces } from "./read-access";

type Batch = z.output<typeof ManifestsInput>;

/** Dry-runs in flight at once: 200 objects stay fast without flooding the API server. */
const DRY_RUN_CONCURRENCY = 16;

type Kube = ReturnType<typeof personKubeConfig>;

interface Placed extends PlacedObject {
  apiVersion: string;
  kind: string;
  name: string;
  label: string;
}

/** Where a finding about `p` (at `path`) is. */
function findingAt(
  p: Placed,
  step: ManifestFinding["step"],
  level: ManifestFinding["level"],
  message: string,
  path: (string | number)[] | null = null,
): ManifestFinding {
  const position = p.locate(path ?? []);
  return {
    file: p.file,
    document: p.document,
    line: position?.line ?? null,
    column: position?.column ?? null,
    step,
    level,
    object: p.label,
    field: path && path.length > 0 ? fieldText(path) : null,
    message,
  };
}

/** `spec.template.spec.containers[0].image` */
const fieldText = (path: readonly (string | number)[]) =>
  path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");

/** `group/version Kind` of the kinds the batch's own CRDs define. */
function batchCrdKinds(objects: readonly Placed[]): Map<string, Record<string, unknown>> {
  const kinds = new Map<string, Record<string, unknown>>();
  for (const p of objects) {
    if (p.kind !== "CustomResourceDefinition" || !p.apiVersion.startsWith("apiextensions.k8s.io/")) continue;
    const spec = (p.object.spec ?? {}) as {
      group?: string;
      names?: { kind?: string };
      versions?: { name?: string; schema?: { openAPIV3Schema?: Record<string, unknown> } }[];
    };
    for (const v of spec.versions ?? []) {
      if (spec.group && spec.names?.kind && v.name) {
        kinds.set(`${spec.group}/${v.name} ${spec.names.kind}`, v.schema?.openAPIV3Schema ?? {});
      }
    }
  }
  return kinds;
}

/**
 * A CRD version's structural schema as an OpenAPI document the schema check
 * reads: the root found by its group-version-kind, apiVersion/kind/metadata
 * as the API server publishes them for custom resources.
 */
function crdSchemas(apiVersion: string, kind: string, schema: Record<string, unknown>): OpenApiSchemas {
  const { group, version } = splitApiVersion(apiVersion);
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  return {
    "clustercord.crd.root": {
      ...schema,
      type: "object",
      properties: {
        ...properties,
        apiVersion: { type: "string" },
        kind: { type: "string" },
        metadata: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
      },
      "x-kubernetes-group-version-kind": [{ group, version, kind }],
    },
  };
}

async function schemaStep(
  schemas: ClusterSchemaCache,
  objects: readonly Placed[],
  discovery: Discovery,
  placementFindings: ManifestFinding[],
): Promise<ManifestStepResult> {
  const crdKinds = batchCrdKinds(objects);
  const findings = [...placementFindings];
  const byVersion = new Map<string, Promise<OpenApiSchemas | null>>();
  await Promise.all(
    objects.map(async (p) => {
      const fromBatch = crdKinds.get(`${p.apiVersion} ${p.kind}`);
      let doc: OpenApiSchemas | null;
      if (!discovery.find(p.apiVersion, p.kind) && fromBatch) {
        doc = crdSchemas(p.apiVersion, p.kind, fromBatch);
      } else {
        let pending = byVersion.get(p.apiVersion);
        if (!pending) {
          pending = schemas.schemas(p.apiVersion);
          byVersion.set(p.apiVersion, pending);
        }
        doc = await pending;
      }
      if (!doc) return;
      const { group, version } = splitApiVersion(p.apiVersion);
      for (const problem of validateAgainstSchema(p.object, doc, { group, version, kind: p.kind })) {
        findings.push(findingAt(p, "schema", "error", `${p.label}: ${problem.message}`, problem.path));
      }
    }),
  );
  findings.sort(byPlace);
  return ranStep("schema", findings, `${objects.length} objects valid against the cluster's schema`);
}

const byPlace = (a: ManifestFinding, b: ManifestFinding) =>
  a.file.localeCompare(b.file) || (a.document ?? 0) - (b.document ?? 0) || (a.line ?? 0) - (b.line ?? 0);

interface DryRunOutcome {
  /** What the cluster would store (dry-run answer), or the placed object when the dry-run was skipped. */
  result: Record<string, unknown> | null;
  live: Record<string, unknown> | null;
  findings: ManifestFinding[];
}

/** A ClusterCord policy's answer on a finding: which policy, its severity, its fix. */
function withPolicy(f: ManifestFinding, text: string, object: Record<string, unknown>): ManifestFinding {
  const policy = deniedByPolicy(text, object);
  if (!policy) return f;
  return {
    ...f,
    policy: policy.policy,
    ruleId: policy.policy,
    severity: policy.severity,
    ...(policy.fix ? { fix: policy.fix } : {}),
  };
}

/** Dry-run and live read of one object, both as the person. */
async function dryRunOne(
  kc: Kube,
  discovery: Discovery,
  p: Placed,
  skip: string | null,
  force: boolean,
): Promise<DryRunOutcome> {
  const info = discovery.find(p.apiVersion, p.kind);
  if (skip || !info) {
    return {
      result: null,
      live: null,
      findings: [findingAt(p, "dryRun", "info", `${p.label}: ${skip ?? "not dry-run"}`)],
    };
  }
  const target = { info, namespace: p.namespace, name: p.name };
  const findings: ManifestFinding[] = [];
  const answer = await serverSideApply(kc, target, p.object, { dryRun: true, force }).catch(
    (error: unknown) => {
      findings.push(findingAt(p, "dryRun", "error", `${p.label}: ${fromKubeError(error).userMessage}`));
      return null;
    },
  );
  // A dry-run that would create the object (201) says there is nothing live to compare with.
  const live =
    answer?.ok && !answer.created
      ? await readObject(kc, target).catch((error: unknown) => {
          findings.push(
            findingAt(
              p,
              "dryRun",
              "warning",
              `${p.label}: cannot read the live object to compare (${fromKubeError(error).userMessage})`,
            ),
          );
          return null;
        })
      : null;
  for (const text of answer?.warnings ?? []) {
    findings.push(withPolicy(findingAt(p, "dryRun", "warning", `${p.label}: ${text}`), text, p.object));
  }
  if (answer && !answer.ok) {
    const { refusal } = answer;
    const field = causePath(refusal.causes.find((c) => c.field)?.field);
    findings.push(
      withPolicy(
        findingAt(p, "dryRun", "error", `${p.label}: ${refusal.message}`, field),
        refusal.message,
        p.object,
      ),
    );
  }
  return { result: answer?.ok ? answer.object : null, live, findings };
}

/** Why an object's dry-run waits for the apply: its kind or its namespace is created by the same batch. */
function dryRunDeferral(p: Placed, discovery: Discovery, newNamespaces: ReadonlySet<string>): string | null {
  if (!discovery.find(p.apiVersion, p.kind)) return "dry-run after its CustomResourceDefinition is applied";
  if (p.namespace && newNamespaces.has(p.namespace)) {
    return `dry-run after its Namespace ${p.namespace} is applied`;
  }
  return null;
}

async function dryRunStep(kc: Kube, discovery: Discovery, objects: readonly Placed[], force: boolean) {
  // Namespaces first: whether they exist decides whether their objects can be dry-run now.
  const namespaces = objects.filter((p) => p.kind === "Namespace" && p.apiVersion === "v1");
  const first = await mapLimit(namespaces, DRY_RUN_CONCURRENCY, (p) =>
    dryRunOne(kc, discovery, p, null, force),
  );
  const newNamespaces = new Set(namespaces.filter((_, i) => first[i]?.live === null).map((p) => p.name));
  const rest = objects.filter((p) => !namespaces.includes(p));
  const later = await mapLimit(rest, DRY_RUN_CONCURRENCY, (p) =>
    dryRunOne(kc, discovery, p, dryRunDeferral(p, discovery, newNamespaces), force),
  );
  const outcomes = new Map<Placed, DryRunOutcome>([
    ...namespaces.map((p, i) => [p, first[i] as DryRunOutcome] as const),
    ...rest.map((p, i) => [p, later[i] as DryRunOutcome] as const),
  ]);
  const findings = objects.flatMap((p) => outcomes.get(p)?.findings ?? []);
  const ran = objects.length - findings.filter((f) => f.level === "info").length;
  return {
    outcomes,
    step: ranStep(
      "dryRun",
      findings,
      `${ran} of ${objects.length} objects accepted by the cluster (dry-run)`,
    ),
  };
}

/** force: the dry-run and the apply take fields other managers own (a diagnostics fix; never a person's batch). */
interface FlowOptions {
  force?: boolean;
}

interface Flow {
  validation: ManifestValidation;
  cluster: OpenedCluster;
  planned: PlannedObject[];
}

/** The six steps (apply skipped): what validate returns and what a plan stores. */
async function runFlow(deps: ApiDeps, actor: Actor, input: Batch, options: FlowOptions = {}): Promise<Flow> {
  const force = options.force === true;
  const cluster = await openActorCluster(deps, actor, input.clusterId);
  const namespace = input.namespace ?? (cluster.shared ? guildNamespace(actor.guildId) : "default");
  const visible = cluster.shared ? new Set(await visibleNamespaces(deps, actor, cluster)) : "any";
  // The chosen namespace is refused as a whole, without repeating it: another guild's name is not echoed.
  if (visible !== "any" && !visible.has(namespace)) {
    throw new AppError("FORBIDDEN", {
      userMessage: "The namespace you chose is not one of yours on this cluster.",
    });
  }
  const ran: ManifestStepResult[] = [];
  let objects: ManifestObject[] = [];
  let planned: PlannedObject[] = [];
  const finish = (documents: number, files: number): Flow => {
    const steps = completeSteps(ran);
    return {
      cluster,
      planned,
      validation: {
        clusterId: cluster.id,
        namespace,
        steps,
        objects,
        counts: countsOf(steps, objects, { files, documents }),
        ok: steps.every((s) => s.status !== "failed"),
      },
    };
  };

  // 1. Parse.
  const read = readManifestFiles(input.files);
  const parsed = parseManifests(read.sources);
  const parseFindings = [...read.findings, ...parsed.findings];
  ran.push(
    ranStep(
      "parse",
      parseFindings,
      `${parsed.documents.length} documents in ${read.sources.length} file${read.sources.length === 1 ? "" : "s"}`,
    ),
  );
  if (ran.at(-1)?.status === "failed") return finish(parsed.documents.length, read.sources.length);
  const sizes = [parsed.documents.length, read.sources.length] as const;

  // 2. Schema: kinds and scopes from discovery, tenancy, then each object against the cluster's OpenAPI.
  const schemas = schemaCacheFor(deps, cluster);
  const apiVersions = [...new Set(parsed.documents.map((d) => String(d.object.apiVersion)))];
  const discovery = await schemas.discovery(apiVersions);
  const placement = placeObjects(parsed.documents, {
    defaultNamespace: namespace,
    isNamespaced: (apiVersion, kind) => discovery.find(apiVersion, kind)?.namespaced,
    allowedNamespaces: visible,
    mayCreateClusterScoped: !cluster.shared,
    createdBy: actor.userId,
  });
  const placed = sortForApply(
    placement.objects.map((p) => {
      const meta = p.object.metadata as { name: string };
      const apiVersion = String(p.object.apiVersion);
      const kind = String(p.object.kind);
      return {
        ...p,
        apiVersion,
        kind,
        name: meta.name,
        label: objectLabel({ kind, namespace: p.namespace, name: meta.name }),
      };
    }),
  );
  // Listed from here on; change and diff only once the diff step runs.
  const listed = (
    p: Placed,
    order: number,
    change: ManifestObject["change"],
    diff: string,
  ): ManifestObject => {
    const at = p.locate([]);
    return {
      file: p.file,
      document: p.document,
      line: at?.line ?? null,
      column: at?.column ?? null,
      apiVersion: p.apiVersion,
      kind: p.kind,
      namespace: p.namespace,
      name: p.name,
      order,
      change,
      diff,
    };
  };
  objects = placed.map((p, order) => listed(p, order, null, ""));
  ran.push(await schemaStep(schemas, placed, discovery, placement.findings));
  if (ran.at(-1)?.status === "failed") return finish(...sizes);

  // 3. Dry-run as the person (and the live objects for the diff).
  const kc = personKubeConfig(deps, actor, cluster);
  const dry = await dryRunStep(kc, discovery, placed, force);
  ran.push(dry.step);
  if (dry.step.status === "failed") return finish(...sizes);

  // 4. Lint: warnings only, never stops the flow.
  ran.push(
    ranStep("lint", lintFindings(placed), "no lint findings", {
      errorsFail: false,
    }),
  );

  // 5. Diff of what the cluster would store against what it has.
  objects = placed.map((p, order) => {
    const outcome = dry.outcomes.get(p);
    const { change, diff } = objectDiff(outcome?.live ?? null, outcome?.result ?? p.object);
    return listed(p, order, change, diff);
  });
  const counts = countsOf([], objects, { files: 0, documents: 0 });
  ran.push(ranStep("diff", [], changesText(counts)));
  planned = placed.map((p) => ({
    object: p.object as PlannedObject["object"],
    file: p.file,
    document: p.document,
    ...(force ? { force: true as const } : {}),
  }));
  return finish(...sizes);
}

export async function validateManifests(
  deps: ApiDeps,
  actor: Actor,
  input: Batch,
): Promise<ManifestValidation> {
  return (await runFlow(deps, actor, input)).validation;
}

export async function planApply(
  deps: ApiDeps,
  actor: Actor,
  input: Batch,
  options: FlowOptions & { summary?: string } = {},
): Promise<ManifestPlan> {
  const { validation, cluster, planned } = await runFlow(deps, actor, input, options);
  if (!validation.ok || planned.length === 0) {
    return { ...validation, planId: null, confirmToken: null, expiresAt: null };
  }
  const c = validation.counts;
  const stored = await storeApplyPlan(deps, actor, cluster, {
    origin: "manifests",
    objects: planned,
    summary: options.summary ?? `Apply ${c.objects} objects: ${changesText(c)}.`,
  });
  return { ...validation, ...stored };
}

export function applyPlan(
  deps: ApiDeps,
  actor: Actor,
  input: ManifestsApplyInput,
): Promise<ManifestApplyResult> {
  return applyStoredPlan(deps, actor, input, "manifests");
}
