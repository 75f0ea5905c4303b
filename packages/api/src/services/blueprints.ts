import { createHash } from "node:crypto";
import {
  AppError,
  type Blueprint,
  type BlueprintPlan,
  type BlueprintPlanInput,
  type BlueprintRun,
  type HelmConfirmInput,
  type HelmPlan,
  type HelmRelease,
} from "@clustercord/contracts";
import {
  type BlueprintComponentState,
  type BlueprintRunRecord,
  findBlueprintRun,
  insertBlueprintRun,
  startBlueprintRun,
  updateBlueprintRun,
} from "@clustercord/db";
import {
  accessInfo,
  accessMessage,
  canI,
  componentValues,
  deepMerge,
  type HelmReleaseRecord,
  impersonatedKubeConfig,
  impersonationFor,
  installOrder,
  type LiveIngress,
  type LiveSecret,
  type LiveService,
  PRESETS,
  type Preset,
  type PresetComponent,
  parseValuesYaml,
  presetByKey,
} from "@clustercord/kube";
import { CoreV1Api, NetworkingV1Api } from "@kubernetes/client-node";
import { stringify } from "yaml";
import type { ApiDeps, Context } from "../context";
import { recordAudit } from "./audit";
import { openCluster } from "./cluster-access";
import { issueConfirmation, verifyConfirmation } from "./confirmations";
import { currentRelease, openHelmCluster } from "./helm-access";
import { confirmPlan, getOperation, planInstall, planUpgrade } from "./helm-operations";
import { listReleases } from "./helm-releases";
import type { Actor } from "./read-access";

/**
 * Cluster blueprints (guide feature 3): a preset's components planned and
 * installed in order through Helm's own plan/confirm path, as the person.
 * Afterwards that person alone gets a DM with the access URLs and the charts'
 * default credentials; nothing else (channel, log, audit row) carries them.
 */

interface Answers {
  email?: string;
  custom: Record<string, Record<string, unknown>>;
}

const toBlueprint = (p: Preset): Blueprint => ({
  key: p.key,
  title: p.title,
  description: p.description,
  clusterWide: p.clusterWide,
  asks: p.asks,
  components: p.components.map(({ name, chart, version, namespace, release }) => ({
    name,
    chart,
    version,
    namespace,
    release,
  })),
});

export async function listBlueprints(_deps: ApiDeps, _actor: Actor): Promise<{ blueprints: Blueprint[] }> {
  return { blueprints: PRESETS.map(toBlueprint) };
}

/** The answers checked and parsed: the email when asked, custom values only for the preset's components. */
function readAnswers(preset: Preset, input: BlueprintPlanInput): Answers {
  if (preset.asks.includes("email") && !input.email) {
    throw new AppError("BAD_REQUEST", {
      userMessage: `The ${preset.title} blueprint needs an email address for Let's Encrypt (expiry notices go there).`,
    });
  }
  const custom: Answers["custom"] = {};
  for (const [name, text] of Object.entries(input.customValues ?? {})) {
    if (!preset.components.some((c) => c.name === name)) {
      throw new AppError("BAD_REQUEST", {
        userMessage: `Custom values for ${name}, which the ${preset.title} blueprint does not install; its components are ${preset.components.map((c) => c.name).join(", ")}.`,
      });
    }
    try {
      custom[name] = parseValuesYaml(text);
    } catch (error) {
      if (error instanceof AppError) {
        throw new AppError("BAD_REQUEST", { userMessage: `Custom values for ${name}: ${error.userMessage}` });
      }
      throw error;
    }
  }
  return { ...(input.email ? { email: input.email } : {}), custom };
}

const valuesFor = (component: PresetComponent, answers: Answers) =>
  stringify(deepMerge(componentValues(component, answers), answers.custom[component.name] ?? {}));

/**
 * Shared clusters give tenants nothing cluster-wide, and ClusterCord's roles
 * never include cluster-admin: say so before Helm gets halfway, with what a
 * cluster admin can run to allow it. Kubernetes still decides at install.
 */
async function openForPreset(deps: ApiDeps, actor: Actor, clusterId: string, preset: Preset) {
  const opened = await openCluster(deps, actor.guildId, clusterId);
  if (!preset.clusterWide) return opened;
  if (opened.record.shared && opened.record.guildId !== actor.guildId) {
    throw new AppError("FORBIDDEN", {
      userMessage: `The ${preset.title} blueprint installs cluster-wide objects (CRDs, ClusterRoles); only the server that added this cluster can install it.`,
    });
  }
  const identity = impersonationFor(actor);
  const kc = impersonatedKubeConfig(opened.selected, identity, deps.clusterGuard);
  const needs = [
    { verb: "create", group: "apiextensions.k8s.io", resource: "customresourcedefinitions" },
    { verb: "create", group: "rbac.authorization.k8s.io", resource: "clusterroles" },
    { verb: "create", group: "", resource: "namespaces" },
  ];
  const allowed = await Promise.all(needs.map((n) => canI(kc, n)));
  if (allowed.includes(false)) {
    const missing = needs.filter((_, i) => !allowed[i]).map((n) => n.resource);
    throw new AppError("FORBIDDEN", {
      userMessage: `The ${preset.title} blueprint needs cluster-wide rights your role does not have on this cluster (to create ${missing.join(", ")}). A cluster admin can grant them to this server's ClusterCord ${actor.role}s: kubectl create clusterrolebinding clustercord-blueprints-${actor.guildId} --clusterrole=cluster-admin --group=${identity.group}`,
    });
  }
  return opened;
}

/**
 * The component's release as it stands, read as the person from Helm's own
 * records (not the shared cache: that needs a moment to see a fresh install,
 * and on a shared cluster it lists only the guild's namespaces); none: undefined.
 */
async function installed(deps: ApiDeps, actor: Actor, clusterId: string, c: PresetComponent) {
  const cluster = await openHelmCluster(deps, actor, clusterId);
  return currentRelease(deps, actor, cluster, c.namespace, c.release).then(
    ({ current }) => current,
    (error: unknown) => {
      if (error instanceof AppError && error.code === "NOT_FOUND") return undefined;
      throw error;
    },
  );
}

/** A release of the chart that makes this component unnecessary (e.g. a Grafana the person already runs). */
const alreadyServed = (releases: HelmRelease[], c: PresetComponent) =>
  c.skipIfChartPresent
    ? releases.find(
        (r) => r.chart === c.skipIfChartPresent && !(r.name === c.release && r.namespace === c.namespace),
      )
    : undefined;

const changesNothing = (plan: HelmPlan) =>
  plan.counts.created + plan.counts.changed + plan.counts.deleted === 0 &&
  plan.values.effective.length === 0 &&
  plan.from === plan.to;

/** One component's plan, as install or upgrade depending on what is there. */
function planComponent(
  deps: ApiDeps,
  actor: Actor,
  clusterId: string,
  c: PresetComponent,
  answers: Answers,
  existing: HelmReleaseRecord | undefined,
) {
  const base = {
    clusterId,
    namespace: c.namespace,
    release: c.release,
    chart: c.chart,
    version: c.version,
    values: valuesFor(c, answers),
  };
  return existing
    ? planUpgrade(deps, actor, base)
    : planInstall(deps, actor, { ...base, createNamespace: true });
}

const sealContext = (run: { guildId: string; clusterId: string }) => ({
  guildId: run.guildId,
  clusterId: `blueprint:${run.clusterId}`,
});

const answersHash = (sealedFree: string) =>
  createHash("sha256").update(sealedFree).digest("base64url").slice(0, 22);

const confirmSubject = (
  actor: Actor,
  run: { id: string; clusterId: string; preset: string },
  answers: string,
) => ({
  action: "blueprints.install",
  target: `${run.id}/${run.clusterId}/${run.preset}/${answersHash(answers)}`,
  userId: actor.userId,
  guildId: actor.guildId,
});

/** Step one: each component's plan in install order (those that need an earlier one's CRDs are rendered at install). */
export async function planBlueprint(
  deps: ApiDeps,
  actor: Actor,
  input: BlueprintPlanInput,
): Promise<BlueprintPlan> {
  const preset = presetByKey(input.preset);
  const answers = readAnswers(preset, input);
  await openForPreset(deps, actor, input.clusterId, preset);
  const { releases } = await listReleases(deps, actor, { clusterId: input.clusterId });
  const components: BlueprintPlan["components"] = [];
  for (const c of installOrder(preset)) {
    const row = { name: c.name, release: c.release, namespace: c.namespace };
    const served = alreadyServed(releases, c);
    if (served) {
      components.push({
        ...row,
        action: "skip",
        counts: null,
        note: `${served.namespace}/${served.name} already runs ${served.chart}.`,
      });
      continue;
    }
    const existing = await installed(deps, actor, input.clusterId, c);
    try {
      const plan = await planComponent(deps, actor, input.clusterId, c, answers, existing);
      const action = !existing ? "install" : changesNothing(plan) ? "unchanged" : "upgrade";
      components.push({ ...row, action, counts: plan.counts, note: plan.warnings.join(" ") });
    } catch (error) {
      // Rendering against the cluster fails while an earlier component's CRDs are missing.
      if (!c.dependsOn.length || !(error instanceof AppError) || error.code === "FORBIDDEN") throw error;
      components.push({
        ...row,
        action: existing ? "upgrade" : "install",
        counts: null,
        note: `Rendered once ${c.dependsOn.join(" and ")} ${c.dependsOn.length > 1 ? "are" : "is"} installed.`,
      });
    }
  }
  const plain = JSON.stringify(answers);
  const run = await insertBlueprintRun(deps.prisma, {
    guildId: actor.guildId,
    clusterId: input.clusterId,
    userId: actor.userId,
    preset: preset.key,
    answers: deps.cipher.seal(plain, sealContext({ guildId: actor.guildId, clusterId: input.clusterId })),
    keyId: deps.cipher.activeKeyId,
    components: components.map((c) => ({
      name: c.name,
      status: c.action === "skip" ? "skipped" : "pending",
      message: c.action === "skip" ? c.note : "",
    })),
  });
  const { token, expiresAt } = issueConfirmation(deps.confirmationKey, confirmSubject(actor, run, plain));
  return {
    planId: run.id,
    preset: preset.key,
    components,
    confirmToken: token,
    expiresAt: expiresAt.toISOString(),
  };
}

const toRun = (run: BlueprintRunRecord): BlueprintRun => ({
  id: run.id,
  preset: presetByKey(run.preset as Preset["key"]).key,
  clusterId: run.clusterId,
  status: run.status === "planned" ? "running" : run.status,
  components: run.components,
  startedAt: (run.startedAt ?? run.createdAt).toISOString(),
  finishedAt: run.finishedAt?.toISOString() ?? null,
});

const noSuchRun = () =>
  new AppError("NOT_FOUND", {
    userMessage: "No such blueprint run on this cluster; plan the blueprint again.",
  });

export async function getBlueprintRun(
  deps: ApiDeps,
  actor: Actor,
  input: { clusterId: string; runId: string },
): Promise<BlueprintRun> {
  await openCluster(deps, actor.guildId, input.clusterId);
  const run = await findBlueprintRun(deps.prisma, {
    id: input.runId,
    guildId: actor.guildId,
    clusterId: input.clusterId,
  });
  if (!run || run.status === "planned") throw noSuchRun();
  return toRun(run);
}

/** Step two: starts the planned run (the person who planned it, with its token) and returns at once. */
export async function installBlueprint(
  ctx: Context,
  actor: Actor,
  input: HelmConfirmInput,
): Promise<BlueprintRun> {
  const run = await findBlueprintRun(ctx.prisma, {
    id: input.planId,
    guildId: actor.guildId,
    clusterId: input.clusterId,
  });
  if (!run || run.userId !== actor.userId) throw noSuchRun();
  const plain = ctx.cipher.open(run.answers, sealContext(run));
  verifyConfirmation(ctx.confirmationKey, input.confirmToken, confirmSubject(actor, run, plain));
  const preset = presetByKey(run.preset as Preset["key"]);
  await openForPreset(ctx, actor, run.clusterId, preset);
  const started = await startBlueprintRun(ctx.prisma, run.id, new Date());
  if (started === "not-planned") {
    throw new AppError("CONFLICT", {
      userMessage: "This blueprint plan was already confirmed; follow its run.",
    });
  }
  if (started === "busy") {
    throw new AppError("CONFLICT", {
      userMessage: "Another blueprint is being installed on this cluster; wait for it to finish.",
    });
  }
  const answers = JSON.parse(plain) as Answers;
  void runComponents(ctx, actor, run, preset, answers).catch((error: unknown) =>
    ctx.log.error({ err: error, runId: run.id }, "blueprint run failed unexpectedly"),
  );
  return toRun({ ...run, status: "running", startedAt: new Date() });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Plans and runs one component now, as the person, and waits for Helm to finish. */
async function runComponent(
  ctx: Context,
  actor: Actor,
  run: BlueprintRunRecord,
  c: PresetComponent,
  answers: Answers,
): Promise<BlueprintComponentState> {
  const existing = await installed(ctx, actor, run.clusterId, c);
  const plan = await planComponent(ctx, actor, run.clusterId, c, answers, existing);
  if (existing && changesNothing(plan)) {
    return {
      name: c.name,
      status: "unchanged",
      message: `${c.release} is already at ${plan.to ?? c.version}.`,
    };
  }
  const kind = existing ? "upgrade" : "install";
  let op = await confirmPlan(ctx, actor, kind, {
    clusterId: run.clusterId,
    planId: plan.planId,
    confirmToken: plan.confirmToken,
  });
  while (op.status === "running") {
    await sleep(1_000);
    op = await getOperation(ctx, actor, { clusterId: run.clusterId, operationId: op.id });
  }
  await recordAudit(ctx, {
    action: `blueprints.install.${kind}`,
    target: `cluster/${run.clusterId}/namespace/${c.namespace}/release/${c.release}`,
    result: op.status === "succeeded" ? "ok" : "error",
    detail: op.status === "succeeded" ? null : op.message,
  });
  return { name: c.name, status: op.status === "succeeded" ? "installed" : "failed", message: op.message };
}

async function runComponents(
  ctx: Context,
  actor: Actor,
  run: BlueprintRunRecord,
  preset: Preset,
  answers: Answers,
) {
  const states = [...run.components];
  const save = (status?: "succeeded" | "failed") =>
    updateBlueprintRun(ctx.prisma, run.id, {
      components: states,
      ...(status ? { status, finishedAt: new Date() } : {}),
    });
  let failed: string | null = null;
  for (const [i, c] of installOrder(preset).entries()) {
    const state = states[i];
    if (!state || state.status === "skipped") continue;
    if (failed) {
      states[i] = { ...state, status: "skipped", message: `Not installed: ${failed} failed.` };
      continue;
    }
    states[i] = { ...state, status: "running", message: "" };
    await save();
    states[i] = await runComponent(ctx, actor, run, c, answers).catch((error: unknown) => ({
      name: c.name,
      status: "failed" as const,
      message: error instanceof AppError ? error.userMessage : "It could not be installed.",
    }));
    if (states[i]?.status === "failed") failed = c.name;
  }
  await save(failed ? "failed" : "succeeded");
  ctx.log.info(
    { runId: run.id, preset: preset.key, components: states.map((c) => `${c.name}:${c.status}`) },
    "blueprint run finished",
  );
  const ready = installOrder(preset).filter((_, i) =>
    ["installed", "unchanged"].includes(states[i]?.status ?? ""),
  );
  if (ready.length) await sendAccess(ctx, actor, run, preset, ready);
}

/** Reads, as the person, what the charts created, and DMs them (only them) the URLs and credentials. */
async function sendAccess(
  ctx: Context,
  actor: Actor,
  run: BlueprintRunRecord,
  preset: Preset,
  ready: PresetComponent[],
) {
  const notify = ctx.notifications?.notify;
  if (!notify) {
    ctx.log.warn(
      { runId: run.id },
      "blueprint installed; notifications are not set up, so no access DM was sent",
    );
    return;
  }
  const { record, selected } = await openCluster(ctx, actor.guildId, run.clusterId);
  const kc = impersonatedKubeConfig(selected, impersonationFor(actor), ctx.clusterGuard);
  const core = kc.makeApiClient(CoreV1Api);
  const networking = kc.makeApiClient(NetworkingV1Api);
  const services: LiveService[] = [];
  const ingresses: LiveIngress[] = [];
  const secrets: LiveSecret[] = [];
  for (const namespace of new Set(ready.map((c) => c.namespace))) {
    const [svcs, ings] = await Promise.all([
      core.listNamespacedService({ namespace }).catch(() => ({ items: [] })),
      networking.listNamespacedIngress({ namespace }).catch(() => ({ items: [] })),
    ]);
    for (const s of svcs.items) {
      services.push({
        namespace,
        name: s.metadata?.name ?? "",
        type: s.spec?.type ?? "ClusterIP",
        ports: (s.spec?.ports ?? []).map((p) => p.port),
        external: (s.status?.loadBalancer?.ingress ?? []).flatMap((i) =>
          [i.hostname ?? i.ip ?? ""].filter(Boolean),
        ),
      });
    }
    for (const ing of ings.items) {
      const tlsHosts = new Set((ing.spec?.tls ?? []).flatMap((t) => t.hosts ?? []));
      ingresses.push({
        namespace,
        name: ing.metadata?.name ?? "",
        rules: (ing.spec?.rules ?? []).flatMap((r) =>
          r.host
            ? [
                {
                  host: r.host,
                  tls: tlsHosts.has(r.host),
                  services: (r.http?.paths ?? []).flatMap((p) => p.backend.service?.name ?? []),
                },
              ]
            : [],
        ),
      });
    }
  }
  // Only the Secrets the preset names, read one by one: the person's own right to read them decides.
  for (const c of ready) {
    for (const cred of c.credentials) {
      const name = cred.secret.replaceAll("{release}", c.release);
      const secret = await core.readNamespacedSecret({ name, namespace: c.namespace }).catch(() => null);
      if (secret) secrets.push({ namespace: c.namespace, name, data: secret.data ?? {} });
    }
  }
  const body = accessMessage(preset, accessInfo(ready, { services, ingresses, secrets }));
  await notify({
    to: { userId: actor.userId },
    title: `${preset.title} is ready on ${record.name}`,
    body,
    severity: "info",
    link: `/clusters/${run.clusterId}/helm/blueprints?run=${run.id}`,
    idempotencyKey: `blueprint:${run.id}`,
    sensitive: true,
  });
}
