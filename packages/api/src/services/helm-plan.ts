/**
 * Step one of every Helm operation: what it would change, worked out as the
 * person (helm --dry-run=server runs with their identity; the release and
 * any existing objects are read as them), stored as a plan with sealed
 * values, and a confirmation token bound to exactly that plan.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import {
  AppError,
  type HelmObjectDiff,
  type HelmOperationKind,
  type HelmPlan,
  type HelmValueChange,
} from "@clustercord/contracts";
import { deleteExpiredHelmPlans, type HelmOperationRow, insertHelmPlan } from "@clustercord/db";
import {
  assertValidValues,
  deepMerge,
  diffManifests,
  diffValues,
  type HelmReleaseRecord,
  type ManifestObject,
  maskOutput,
  parseValuesYaml,
  readLiveObjects,
  runHelmJson,
  secretStrings,
  splitManifest,
  toManifestObject,
  valuesUnifiedDiff,
} from "@clustercord/kube";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import type { ApiDeps } from "../context";
import { readChartArchive } from "./chart-archive";
import { CONFIRMATION_TTL_MS, type ConfirmationSubject, issueConfirmation } from "./confirmations";
import { helmIdentity, helmOf, personKubeConfig } from "./helm-access";
import type { DownloadedChart } from "./helm-charts";
import type { Actor, OpenedCluster } from "./read-access";

/** A plan's render may take a while on a large chart, but not forever. */
const PLAN_TIMEOUT_MS = 120_000;

/** sha256 of the values YAML; "reuse" when the release's current values are kept. */
export const valuesHash = (yaml: string | null) =>
  yaml === null ? "reuse" : createHash("sha256").update(yaml).digest("hex");

/** The token binds the plan: its id, the cluster, namespace, release, chart, version, values, revision; person and guild. */
export function planSubject(row: HelmOperationRow, actor: Actor): ConfirmationSubject {
  return {
    action: `helm.${row.kind}`,
    target: [
      row.id,
      row.clusterId,
      row.namespace,
      row.release,
      row.chartRef ?? "",
      row.chartVersion ?? "",
      row.valuesHash,
      row.targetRevision ?? "",
      row.createNamespace ? "create-namespace" : "",
    ].join("|"),
    userId: actor.userId,
    guildId: actor.guildId,
  };
}

/** What `helm install|upgrade --dry-run=server -o json` prints that a plan uses. */
const DryRunRelease = z.object({
  manifest: z
    .string()
    .nullish()
    .transform((v) => v ?? ""),
  info: z.object({
    notes: z
      .string()
      .nullish()
      .transform((v) => v ?? ""),
  }),
  chart: z.object({
    metadata: z.object({ name: z.string(), version: z.string() }),
    values: z
      .record(z.string(), z.unknown())
      .nullish()
      .transform((v) => v ?? {}),
  }),
});

/** The chart's own defaults and schema, from the downloaded archive. */
async function chartDefaults(chart: DownloadedChart) {
  const files = await readChartArchive(await readFile(chart.file), chart.chart);
  let defaults: Record<string, unknown> = {};
  try {
    const parsed = parseYaml(files.values ?? "", { maxAliasCount: 100 });
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) defaults = parsed;
  } catch {
    // Helm reports a broken values.yaml itself when it renders.
  }
  let schema: object | null = null;
  if (files.schema) {
    try {
      schema = JSON.parse(files.schema) as object;
    } catch {
      throw new AppError("BAD_REQUEST", {
        userMessage: `The chart's values.schema.json is not valid: it is not JSON.`,
      });
    }
  }
  return { defaults, schema };
}

/**
 * A Kubernetes refusal as the person sees it: the API server's words, with
 * the namespace they aimed at said as "that namespace" (a tenant's refusal
 * names nothing of another guild's).
 */
export function asPersonRefusal(error: unknown, namespace: string): unknown {
  if (!(error instanceof AppError) || error.code !== "FORBIDDEN") return error;
  const scrub = (text: string) => text.split(namespace).join("(that namespace)");
  return new AppError("FORBIDDEN", {
    message: scrub(error.message),
    userMessage: scrub(error.userMessage),
  });
}

interface DryRun {
  cluster: OpenedCluster;
  kind: "install" | "upgrade";
  namespace: string;
  release: string;
  chart: DownloadedChart;
  /** The person's values YAML ("" for none), or null to reuse the release's (upgrade). */
  valuesYaml: string | null;
  createNamespace: boolean;
  secrets: string[];
}

/** Renders the operation with --dry-run=server as the person: Kubernetes checks each object as it would for real. */
async function dryRun(deps: ApiDeps, actor: Actor, run: DryRun) {
  const helm = helmOf(deps);
  const args = [
    run.kind,
    run.release,
    run.chart.file,
    "--namespace",
    run.namespace,
    "--dry-run=server",
    "--output",
    "json",
    ...(run.createNamespace ? ["--create-namespace"] : []),
    ...(run.valuesYaml === null ? ["--reset-then-reuse-values"] : []),
  ];
  return runHelmJson(
    {
      binary: helm.binary,
      workDir: helm.workDir,
      cluster: run.cluster.selected,
      impersonation: helmIdentity(actor),
      guard: deps.clusterGuard,
      args,
      timeoutMs: PLAN_TIMEOUT_MS,
      mask: (text) => maskOutput(text, run.secrets),
      ...(run.valuesYaml ? { valuesYaml: run.valuesYaml } : {}),
    },
    DryRunRelease,
  ).catch((error: unknown) => {
    throw asPersonRefusal(error, run.namespace);
  });
}

export interface PlanParts {
  kind: HelmOperationKind;
  namespace: string;
  release: string;
  from: string | null;
  to: string | null;
  summary: string;
  objects: HelmObjectDiff[];
  counts: HelmPlan["counts"];
  values: { user: HelmValueChange[]; effective: HelmValueChange[]; diff: string };
  notes: string;
  warnings: string[];
  /** What is stored with the plan. */
  stored: {
    chartRef?: string;
    chartVersion?: string;
    valuesYaml: string | null;
    createNamespace?: boolean;
    targetRevision?: number;
  };
}

/** Stores the plan (values sealed) and gives the person its token. */
export async function issuePlan(
  deps: ApiDeps,
  actor: Actor,
  cluster: OpenedCluster,
  parts: PlanParts,
): Promise<HelmPlan> {
  const now = Date.now();
  // Unconfirmed plans hold sealed values: none outlives its token for long.
  await deleteExpiredHelmPlans(deps.prisma, new Date(now)).catch(() => undefined);
  const yaml = parts.stored.valuesYaml;
  const row = await insertHelmPlan(deps.prisma, {
    kind: parts.kind,
    guildId: actor.guildId,
    userId: actor.userId,
    clusterId: cluster.id,
    namespace: parts.namespace,
    release: parts.release,
    expiresAt: new Date(now + CONFIRMATION_TTL_MS),
    chartRef: parts.stored.chartRef ?? null,
    chartVersion: parts.stored.chartVersion ?? null,
    fromLabel: parts.from,
    toLabel: parts.to,
    valuesSealed:
      yaml === null ? null : deps.cipher.seal(yaml, { guildId: actor.guildId, clusterId: cluster.id }),
    valuesHash: valuesHash(yaml),
    createNamespace: parts.stored.createNamespace ?? false,
    targetRevision: parts.stored.targetRevision ?? null,
  });
  const { token, expiresAt } = issueConfirmation(deps.confirmationKey, planSubject(row, actor), now);
  return {
    planId: row.id,
    kind: parts.kind,
    clusterId: cluster.id,
    namespace: parts.namespace,
    release: parts.release,
    from: parts.from,
    to: parts.to,
    summary: parts.summary,
    objects: parts.objects,
    counts: parts.counts,
    values: parts.values,
    notes: parts.notes,
    warnings: parts.warnings,
    confirmToken: token,
    expiresAt: expiresAt.toISOString(),
  };
}

const label = (r: { chart: { name: string; version: string } }) => `${r.chart.name}-${r.chart.version}`;

const countText = (counts: HelmPlan["counts"]) =>
  (["created", "changed", "deleted", "unchanged"] as const)
    .filter((k) => counts[k] > 0)
    .map((k) => `${counts[k]} ${k}`)
    .join(", ") || "no objects";

/** The person's values, parsed strictly and checked against the chart's schema (field paths in the message). */
async function checkedValues(chart: DownloadedChart, yaml: string | null, reused: Record<string, unknown>) {
  const user = yaml === null ? reused : parseValuesYaml(yaml);
  const { defaults, schema } = await chartDefaults(chart);
  const effective = deepMerge(defaults, user);
  if (schema) assertValidValues(effective, schema);
  return { user, defaults, effective };
}

export async function planInstallParts(
  deps: ApiDeps,
  actor: Actor,
  cluster: OpenedCluster,
  input: { namespace: string; release: string; values?: string; createNamespace?: boolean },
  chart: DownloadedChart,
): Promise<PlanParts> {
  const yaml = input.values ?? "";
  const { user, defaults, effective } = await checkedValues(chart, yaml, {});
  const rendered = await dryRun(deps, actor, {
    cluster,
    kind: "install",
    namespace: input.namespace,
    release: input.release,
    chart,
    valuesYaml: yaml,
    createNamespace: input.createNamespace ?? false,
    secrets: secretStrings(user),
  });
  const planned = splitManifest(rendered.manifest);
  const { live, unreadable } = await readLiveObjects(
    personKubeConfig(deps, actor, cluster),
    planned,
    input.namespace,
  );
  const liveObjects = live.map((o) => toManifestObject(o)).filter((o): o is ManifestObject => o !== null);
  const { objects, counts } = diffManifests({
    live: liveObjects,
    planned,
    defaultNamespace: input.namespace,
  });
  const to = `${rendered.chart.metadata.name}-${rendered.chart.metadata.version}`;
  const warnings = [
    ...(liveObjects.length
      ? [
          `${liveObjects.length} of these objects already exist (${liveObjects
            .map((o) => `${o.kind} ${o.name}`)
            .join(", ")}); the install takes them over or fails on them.`,
        ]
      : []),
    ...(unreadable.length
      ? [`You may not read ${unreadable.join(", ")}, so the plan cannot say whether they exist.`]
      : []),
  ];
  return {
    kind: "install",
    namespace: input.namespace,
    release: input.release,
    from: null,
    to,
    summary: `Install ${to} as ${input.release} in ${input.namespace}: ${countText(counts)}.`,
    objects,
    counts,
    values: {
      user: diffValues({}, user),
      effective: diffValues(defaults, effective),
      diff: valuesUnifiedDiff(defaults, effective),
    },
    notes: rendered.info.notes,
    warnings,
    stored: {
      chartRef: chart.ref,
      chartVersion: chart.version,
      valuesYaml: yaml,
      createNamespace: input.createNamespace ?? false,
    },
  };
}

export async function planUpgradeParts(
  deps: ApiDeps,
  actor: Actor,
  cluster: OpenedCluster,
  input: { namespace: string; release: string; values?: string },
  current: HelmReleaseRecord,
  chart: DownloadedChart,
): Promise<PlanParts> {
  const yaml = input.values ?? null;
  const { user, effective } = await checkedValues(chart, yaml, current.userValues);
  const rendered = await dryRun(deps, actor, {
    cluster,
    kind: "upgrade",
    namespace: input.namespace,
    release: input.release,
    chart,
    valuesYaml: yaml,
    createNamespace: false,
    secrets: [...secretStrings(user), ...secretStrings(current.userValues)],
  });
  const { objects, counts } = diffManifests({
    live: splitManifest(current.manifest),
    planned: splitManifest(rendered.manifest),
    defaultNamespace: input.namespace,
  });
  const before = deepMerge(current.chartValues, current.userValues);
  const from = label(current);
  const to = `${rendered.chart.metadata.name}-${rendered.chart.metadata.version}`;
  return {
    kind: "upgrade",
    namespace: input.namespace,
    release: input.release,
    from,
    to,
    summary: `Upgrade ${input.release} in ${input.namespace} from ${from} to ${to}: ${countText(counts)}.`,
    objects,
    counts,
    values: {
      user: diffValues(current.userValues, user),
      effective: diffValues(before, effective),
      diff: valuesUnifiedDiff(before, effective),
    },
    notes: rendered.info.notes,
    warnings: yaml === null ? ["No values given: the release's current values are kept."] : [],
    stored: {
      chartRef: chart.ref,
      chartVersion: chart.version,
      valuesYaml: yaml,
      targetRevision: current.revision,
    },
  };
}

export function planRollbackParts(
  input: { namespace: string; release: string },
  current: HelmReleaseRecord,
  target: HelmReleaseRecord,
): PlanParts {
  const { objects, counts } = diffManifests({
    live: splitManifest(current.manifest),
    planned: splitManifest(target.manifest),
    defaultNamespace: input.namespace,
  });
  const before = deepMerge(current.chartValues, current.userValues);
  const after = deepMerge(target.chartValues, target.userValues);
  return {
    kind: "rollback",
    namespace: input.namespace,
    release: input.release,
    from: label(current),
    to: label(target),
    summary: `Roll ${input.release} in ${input.namespace} back from revision ${current.revision} (${label(current)}) to revision ${target.revision} (${label(target)}): ${countText(counts)}.`,
    objects,
    counts,
    values: {
      user: diffValues(current.userValues, target.userValues),
      effective: diffValues(before, after),
      diff: valuesUnifiedDiff(before, after),
    },
    notes: target.notes,
    warnings: [],
    stored: { valuesYaml: null, targetRevision: target.revision },
  };
}

export function planUninstallParts(
  input: { namespace: string; release: string },
  current: HelmReleaseRecord,
): PlanParts {
  const { objects, counts } = diffManifests({
    live: splitManifest(current.manifest),
    planned: [],
    defaultNamespace: input.namespace,
  });
  return {
    kind: "uninstall",
    namespace: input.namespace,
    release: input.release,
    from: label(current),
    to: null,
    summary: `Uninstall ${input.release} (${label(current)}) from ${input.namespace}: ${counts.deleted} objects deleted.`,
    objects,
    counts,
    values: { user: [], effective: [], diff: "" },
    notes: "",
    warnings: ["Helm keeps no history of an uninstalled release: it cannot be rolled back."],
    stored: { valuesYaml: null, targetRevision: current.revision },
  };
}
