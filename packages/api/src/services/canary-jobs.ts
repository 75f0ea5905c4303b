/**
 * The canaries' analysis as jobs: a sweep every few seconds enqueues one
 * `canary.analyse` per running canary (keyed by canary and tick, so several
 * processes sweeping analyse once). A sweep rather than a chain of delayed
 * jobs: a canary left running by a restart is picked up again, and the
 * procedures need no runner. Each pass acts AS the person who started the
 * canary (their role read anew): it reads the canary pods, asks diagnostics
 * about them, appends a check, and at the first evidence rolls back, or at
 * the window's end promotes; an end interrupted midway is finished by the
 * next pass.
 */
import { AppError } from "@clustercord/contracts";
import {
  appendCanaryCheck,
  type CanaryRow,
  claimCanaryEnd,
  findCanary,
  finishCanary,
  listRunningCanaries,
} from "@clustercord/db";
import { buildContext, diagnosePod } from "@clustercord/diagnostics";
import { type CatalogEntry, defineJob, type JobRunner } from "@clustercord/jobs";
import {
  CANARY_OF_LABEL,
  CANARY_TRACK,
  CANARY_TRACK_LABEL,
  canaryCheck,
  findDeployment,
  judgeCanary,
  listPodsAs,
  observePod,
} from "@clustercord/kube";
import { defaultLogger } from "@clustercord/telemetry";
import type { KubeConfig } from "@kubernetes/client-node";
import { z } from "zod";
import type { ApiDeps } from "../context";
import { openActorCluster, personKubeConfig } from "./actor-cluster";
import { auditAutomaticEnd, type EndOutcome, finishEnd, starterActor } from "./canary-end";
import type { Actor } from "./read-access";

export const CANARY_ANALYSE_JOB = "canary.analyse";
export const CANARY_SWEEP_JOB = "canary.sweep";
export const DEFAULT_CANARY_CHECK_SECONDS = 5;

/** What the analysis needs: the API's database, Discord directory, cluster access and notify(). */
export type CanaryJobDeps = Pick<
  ApiDeps,
  "prisma" | "directory" | "cipher" | "caches" | "clusterGuard" | "notifications" | "log"
>;

// The access services take ApiDeps but read only the fields CanaryJobDeps has
// (no confirmation key, no service token: nothing here is a request).
const asApiDeps = (deps: CanaryJobDeps) => deps as ApiDeps;

/** A cron pattern every `seconds` (1 to 59) seconds. */
export const everySeconds = (seconds: number) =>
  `*/${Math.min(59, Math.max(1, Math.round(seconds)))} * * * * *`;

async function personClient(deps: CanaryJobDeps, actor: Actor, row: CanaryRow): Promise<KubeConfig> {
  const cluster = await openActorCluster(asApiDeps(deps), actor, row.clusterId);
  return personKubeConfig(asApiDeps(deps), actor, cluster);
}

/** Diagnostics finding ids per canary pod (from the pods alone: what their status says). */
function findingsByPod(pods: Parameters<typeof observePod>[0][], now: Date): Map<string, string[]> {
  // Diagnostics reads the API's JSON (timestamps as text), not the client's typed objects.
  const ctx = buildContext({ pods: JSON.parse(JSON.stringify(pods)), now });
  const out = new Map<string, string[]>();
  for (const pod of pods) {
    const ref = { namespace: pod.metadata?.namespace ?? "", name: pod.metadata?.name ?? "" };
    try {
      out.set(
        ref.name,
        diagnosePod(ctx, ref).map((f) => f.id),
      );
    } catch {
      out.set(ref.name, []);
    }
  }
  return out;
}

/** Ends a claimed canary as the person, audited as the system on their behalf; a failure is audited and retried next pass. */
async function endAutomatically(
  deps: CanaryJobDeps,
  kc: KubeConfig,
  row: CanaryRow,
  outcome: EndOutcome,
): Promise<string> {
  const phase = outcome.kind === "promote" ? "promoted" : outcome.final;
  try {
    await finishEnd(deps, kc, row, outcome);
    await auditAutomaticEnd(deps, row, phase, "ok", outcome.reason);
    return phase;
  } catch (error) {
    const said = error instanceof AppError ? (error.userMessage ?? error.message) : String(error);
    await auditAutomaticEnd(deps, row, phase, "error", `${outcome.reason}; failed: ${said}`);
    throw error;
  }
}

/** One analysis pass of one canary; answers what happened (for the job's result and tests). */
export async function analyseCanary(
  deps: CanaryJobDeps,
  canaryId: string,
  now = new Date(),
): Promise<string> {
  const row = await findCanary(deps.prisma, canaryId);
  if (!row || row.endedAt) return "ended";
  const who = await starterActor(deps, row);
  if ("lost" in who) {
    // Nothing can be done as them any more: the objects stay for an operator to promote or remove.
    const reason = `stopped: ${who.lost}; ${row.canaryDeployment} and the scaled ${row.deployment} were left as they are`;
    await finishCanary(deps.prisma, row.id, { phase: "aborted", reason, at: now });
    await auditAutomaticEnd(deps, row, "aborted", "error", reason);
    return "aborted";
  }
  // An end claimed moments ago is still being carried out by whoever claimed it (a person's abort, another
  // process): only one claimed long ago, and never finished (a restart, a refused call), is taken over.
  if (row.phase !== "analysing" && now.getTime() - row.updatedAt.getTime() < CLAIM_TAKEOVER_MS)
    return "ending elsewhere";
  const kc = await personClient(deps, who.actor, row);
  if (row.phase === "promoting")
    return endAutomatically(deps, kc, row, { kind: "promote", reason: row.reason ?? "promoted" });
  if (row.phase === "rolling-back") {
    return endAutomatically(deps, kc, row, {
      kind: "rollback",
      reason: row.reason ?? "rolled back",
      final: "rolled-back",
    });
  }

  const canary = await findDeployment(kc, row.namespace, row.canaryDeployment);
  let outcome: EndOutcome | null = null;
  if (!canary) {
    outcome = {
      kind: "rollback",
      reason: `the canary Deployment ${row.canaryDeployment} was deleted`,
      final: "rolled-back",
    };
  } else {
    const pods = await listPodsAs(
      kc,
      row.namespace,
      `${CANARY_OF_LABEL}=${row.deployment},${CANARY_TRACK_LABEL}=${CANARY_TRACK}`,
    );
    const live = pods.filter((p) => !p.metadata?.deletionTimestamp);
    const findings = findingsByPod(live, now);
    const observation = {
      at: now,
      desired: canary.spec?.replicas ?? row.canaryReplicas,
      pods: live.map((p) => observePod(p, findings.get(p.metadata?.name ?? "") ?? [])),
    };
    await appendCanaryCheck(deps.prisma, row.id, canaryCheck(observation).check);
    const verdict = judgeCanary(observation, { startedAt: row.startedAt, endsAt: row.analysisEndsAt });
    if (verdict.verdict === "unhealthy")
      outcome = { kind: "rollback", reason: verdict.reason, final: "rolled-back" };
    if (verdict.verdict === "healthy") outcome = { kind: "promote", reason: verdict.reason };
  }
  if (!outcome) return "analysing";
  const claimed = await claimCanaryEnd(
    deps.prisma,
    row.id,
    outcome.kind === "promote" ? "promoting" : "rolling-back",
    outcome.reason,
  );
  if (!claimed) return "ended elsewhere";
  return endAutomatically(deps, kc, row, outcome);
}

/** A claimed end untouched this long is taken over by the sweep. */
const CLAIM_TAKEOVER_MS = 60_000;

export function canaryJobs(
  deps: CanaryJobDeps,
  options: { runner: () => JobRunner; intervalSeconds?: number },
): CatalogEntry[] {
  const interval = options.intervalSeconds ?? DEFAULT_CANARY_CHECK_SECONDS;
  const log = deps.log ?? defaultLogger();
  const analyse = defineJob({
    name: CANARY_ANALYSE_JOB,
    payload: z.object({ canaryId: z.string().min(1).max(64) }).strict(),
    retries: 0,
    concurrency: 2,
    run: ({ canaryId }) => analyseCanary(deps, canaryId).then((outcome) => ({ outcome })),
  });
  const sweep = defineJob({
    name: CANARY_SWEEP_JOB,
    payload: z.object({}).strict(),
    retries: 0,
    concurrency: 1,
    async run() {
      const running = await listRunningCanaries(deps.prisma);
      const tick = Math.floor(Date.now() / (interval * 1000));
      for (const row of running) {
        await options
          .runner()
          .enqueue(analyse, { canaryId: row.id }, { idempotencyKey: `canary:${row.id}:${tick}` })
          .catch((error: unknown) =>
            log.warn(
              { canaryId: row.id, error: error instanceof Error ? error.message : String(error) },
              "canary: enqueue failed",
            ),
          );
      }
      return { canaries: running.length };
    },
  });
  return [{ job: analyse }, { job: sweep, schedule: { cron: everySeconds(interval), payload: {} } }];
}
