/**
 * Step two, in the background of this process: runs the confirmed plan with
 * helm as the person, keeps the operation's row current (masked output tail,
 * a heartbeat), stops helm when a cancel is asked for from any process
 * (the `cancelRequested` flag), and records the outcome in one sentence.
 */
import type { HelmOperationKind, HelmOperationStatus } from "@clustercord/contracts";
import { finishHelmOperation, type HelmOperationRow, reportHelmProgress } from "@clustercord/db";
import { maskOutput, operationMessage, parseValuesYaml, runHelm, secretStrings } from "@clustercord/kube";
import type { ApiDeps } from "../context";
import { helmIdentity, helmOf, openHelmCluster, releaseRevisions } from "./helm-access";
import { downloadChart } from "./helm-charts";
import type { Actor } from "./read-access";

type EndStatus = Exclude<HelmOperationStatus, "running">;

/** How often the row gets the output so far, and the cancel flag is read. */
export const HEARTBEAT_MS = 1_000;
/** A running row not touched for this long belongs to a process that died: it no longer blocks the release. */
export const STALE_RUN_MS = 60_000;
/** The output kept on the row: the tail is what matters. */
const MAX_OUTPUT_CHARS = 32 * 1024;

/** What helm is told to do for each kind (the chart file and values are added by the caller). */
export function operationArgs(
  row: Pick<HelmOperationRow, "kind" | "release" | "namespace" | "createNamespace" | "targetRevision">,
  options: { chartFile?: string; reuseValues: boolean; timeoutSeconds: number },
): string[] {
  const ns = ["--namespace", row.namespace];
  switch (row.kind as HelmOperationKind) {
    case "install":
      return [
        "install",
        row.release,
        options.chartFile ?? "",
        ...ns,
        ...(row.createNamespace ? ["--create-namespace"] : []),
      ];
    case "upgrade":
      return [
        "upgrade",
        row.release,
        options.chartFile ?? "",
        ...ns,
        "--atomic",
        "--timeout",
        `${options.timeoutSeconds}s`,
        ...(options.reuseValues ? ["--reset-then-reuse-values"] : []),
      ];
    case "rollback":
      return ["rollback", row.release, String(row.targetRevision ?? 0), ...ns];
    case "uninstall":
      return ["uninstall", row.release, ...ns];
  }
}

/** Which end a failed run came to: an --atomic upgrade that Helm undid says so. */
export function failureStatus(kind: string, reason: string, cancelled: boolean): EndStatus {
  // A cancelled --atomic upgrade is rolled back too; what the person did comes first.
  if (cancelled) return "cancelled";
  if (/has been rolled back|rolled back due to atomic/i.test(reason)) return "rolled-back";
  return kind === "upgrade" && /rollback/i.test(reason) ? "rolled-back" : "failed";
}

/**
 * Runs the operation to its end; never throws (the outcome is on the row).
 * `valuesYaml`: the person's values (opened from the plan), or null.
 */
export async function runOperation(
  deps: ApiDeps,
  actor: Actor,
  row: HelmOperationRow,
  valuesYaml: string | null,
): Promise<void> {
  const log = deps.log;
  const secrets = valuesYaml ? secretStrings(parseValuesYaml(valuesYaml)) : [];
  const mask = (text: string) => maskOutput(text, secrets);
  const controller = new AbortController();
  let output = "";
  let reporting = false;
  const heartbeat = setInterval(() => {
    if (reporting) return;
    reporting = true;
    // Masked again whole: a secret split across two chunks is whole here.
    reportHelmProgress(deps.prisma, row.id, mask(output))
      .then(({ cancelRequested }) => {
        if (cancelRequested) controller.abort();
      })
      .catch(() => undefined)
      .finally(() => {
        reporting = false;
      });
  }, HEARTBEAT_MS);
  heartbeat.unref();

  let chart: Awaited<ReturnType<typeof downloadChart>> | undefined;
  let status: EndStatus = "succeeded";
  let reason: string | null = null;
  let revision: number | null = null;
  try {
    const helm = helmOf(deps);
    const cluster = await openHelmCluster(deps, actor, row.clusterId);
    if ((row.kind === "install" || row.kind === "upgrade") && row.chartRef) {
      chart = await downloadChart(deps, row.guildId, row.chartRef, row.chartVersion ?? undefined);
    }
    const args = operationArgs(row, {
      ...(chart ? { chartFile: chart.file } : {}),
      reuseValues: valuesYaml === null,
      timeoutSeconds: helm.timeoutSeconds,
    });
    await runHelm({
      binary: helm.binary,
      workDir: helm.workDir,
      cluster: cluster.selected,
      impersonation: helmIdentity(actor),
      guard: deps.clusterGuard,
      args,
      // Helm's own --timeout comes first, so an --atomic upgrade can roll back in its time.
      timeoutMs: (helm.timeoutSeconds + 120) * 1000,
      signal: controller.signal,
      // Stopped, helm rolls an --atomic upgrade back: killing it midway would leave the release pending.
      killGraceMs: 120_000,
      mask,
      onOutput: (text) => {
        output = (output + text).slice(-MAX_OUTPUT_CHARS);
      },
      ...(valuesYaml ? { valuesYaml } : {}),
    });
    if (row.kind !== "uninstall") revision = await latestRevision(deps, actor, row);
  } catch (error) {
    reason = mask(
      error instanceof Error
        ? ((error as { userMessage?: string }).userMessage ?? error.message)
        : String(error),
    );
    reason = reason.replace(/^Helm: /, "");
    status = failureStatus(row.kind, reason, controller.signal.aborted);
    if (status === "rolled-back") revision = await latestRevision(deps, actor, row).catch(() => null);
  } finally {
    clearInterval(heartbeat);
    await chart?.cleanup().catch(() => undefined);
  }
  const message = operationMessage(row.kind as HelmOperationKind, {
    status,
    release: row.release,
    chart: row.kind === "uninstall" ? row.fromLabel : row.toLabel,
    revision,
    targetRevision: row.targetRevision,
    reason,
  });
  await finishHelmOperation(deps.prisma, row.id, {
    status,
    message,
    output: mask(output),
    revision,
  }).catch((error: unknown) => {
    log?.error(
      { operationId: row.id, err: String(error) },
      "helm operation: the outcome could not be recorded",
    );
  });
}

async function latestRevision(deps: ApiDeps, actor: Actor, row: HelmOperationRow): Promise<number | null> {
  const cluster = await openHelmCluster(deps, actor, row.clusterId);
  const revisions = await releaseRevisions(deps, actor, cluster, row.namespace, row.release);
  return revisions[revisions.length - 1]?.revision ?? null;
}
