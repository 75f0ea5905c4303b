import type { ObjectRef } from "@clustercord/contracts";
import { type DiagnosticsContext, eventsFor } from "../context";
import { eventEvidence, field } from "../evidence";
import { type FindingDraft, refOf } from "../finding";
import type { AnyObject, CronJob, DaemonSet, Deployment, Job, ReplicaSet, StatefulSet } from "../kube";
import { validCronSchedule } from "./cron";

type Condition = { type?: string; status?: string; reason?: string; message?: string };
export const condition = (conditions: Condition[] | undefined, type: string): Condition | undefined =>
  conditions?.find((c) => c.type === type);
export const conditionText = (c: Condition): string =>
  `${c.status}${c.reason ? ` (${c.reason})` : ""}: ${c.message ?? ""}`;

/**
 * A controller that cannot create its pods says so in FailedCreate events:
 * quota exceeded, admission webhooks, PodSecurity.
 */
function failedCreate(
  ctx: DiagnosticsContext,
  kind: string,
  o: AnyObject,
  target: ObjectRef,
): FindingDraft[] {
  const failed = eventsFor(ctx, kind, o).filter((e) => e.reason === "FailedCreate");
  const latest = failed[0];
  if (!latest) return [];
  const quota = /exceeded quota: ([^,\s]+)/.exec(latest.message ?? "");
  return [
    {
      id: quota ? "workload.quota-exceeded" : "workload.create-failed",
      severity: "HIGH",
      target,
      title: quota
        ? `${kind} ${target.name} cannot create pods: ResourceQuota ${quota[1]} exceeded`
        : `${kind} ${target.name} cannot create pods`,
      cause: quota
        ? `Creating a pod would exceed ResourceQuota ${quota[1]} in ${target.namespace}; the controller retries and fails.`
        : `The API server rejects the ${kind}'s pods: ${latest.message ?? ""}`,
      evidence: failed.slice(0, 3).map((e) => eventEvidence(e)),
      recommendations: quota
        ? [
            `Raise ResourceQuota ${quota[1]}'s hard limits, or lower the pods' requests/limits.`,
            "Scale down or delete other workloads in the namespace that hold the quota.",
          ]
        : ["Read the message: an admission webhook, PodSecurity or a LimitRange rejects the pod template."],
    },
  ];
}

export function analyzeDeployment(_ctx: DiagnosticsContext, d: Deployment): FindingDraft[] {
  const target = refOf("Deployment", d);
  const out: FindingDraft[] = [];
  const progressing = condition(d.status?.conditions, "Progressing");
  if (progressing?.status === "False" && progressing.reason === "ProgressDeadlineExceeded") {
    out.push({
      id: "deployment.rollout-stuck",
      severity: "HIGH",
      target,
      title: `Rollout of ${target.name} is stuck (ProgressDeadlineExceeded)`,
      cause: `The new ReplicaSet did not become available within progressDeadlineSeconds (${d.spec?.progressDeadlineSeconds ?? 600}s): its pods do not start or do not get ready.`,
      evidence: [
        field("status.conditions[Progressing]", conditionText(progressing)),
        field("status.updatedReplicas", d.status?.updatedReplicas ?? 0),
        field("status.availableReplicas", d.status?.availableReplicas ?? 0),
      ],
      recommendations: [
        "Look at the findings of the new pods below (crash loops, image pulls, probes, scheduling).",
        "Roll back to the previous revision if the new one cannot be fixed quickly (`kubectl rollout undo`).",
      ],
    });
  }
  const replicaFailure = condition(d.status?.conditions, "ReplicaFailure");
  if (replicaFailure?.status === "True") {
    out.push({
      id: "deployment.replica-failure",
      severity: "HIGH",
      target,
      title: `Deployment ${target.name} cannot create replicas`,
      cause: replicaFailure.message ?? "The ReplicaSet fails to create pods.",
      evidence: [field("status.conditions[ReplicaFailure]", conditionText(replicaFailure))],
      recommendations: [
        "Check the ReplicaSet's FailedCreate events: quota, admission or PodSecurity rejections.",
      ],
    });
  }
  const wanted = d.spec?.replicas ?? 1;
  const available = d.status?.availableReplicas ?? 0;
  const unavailable = d.status?.unavailableReplicas ?? Math.max(0, wanted - available);
  if (wanted > 0 && unavailable > 0) {
    out.push({
      id: "deployment.unavailable-replicas",
      severity: available === 0 ? "HIGH" : "MEDIUM",
      target,
      title: `Deployment ${target.name}: ${unavailable} of ${wanted} replicas unavailable`,
      cause:
        available === 0
          ? "No replica is available: the Deployment serves nothing."
          : "Some replicas are not available: the Deployment runs with reduced capacity.",
      evidence: [
        field("spec.replicas", wanted),
        field("status.availableReplicas", available),
        field("status.unavailableReplicas", unavailable),
      ],
      recommendations: ["See the pods' findings for why they are not ready."],
    });
  }
  return out;
}

export function analyzeReplicaSet(ctx: DiagnosticsContext, rs: ReplicaSet): FindingDraft[] {
  if ((rs.spec?.replicas ?? 1) === 0) return [];
  const target = refOf("ReplicaSet", rs);
  const out = failedCreate(ctx, "ReplicaSet", rs, target);
  const owned = (rs.metadata?.ownerReferences ?? []).length > 0;
  const wanted = rs.spec?.replicas ?? 1;
  const ready = rs.status?.readyReplicas ?? 0;
  // A Deployment's ReplicaSet is reported through the Deployment.
  if (!owned && ready < wanted) {
    out.push({
      id: "replicaset.unavailable-replicas",
      severity: ready === 0 ? "HIGH" : "MEDIUM",
      target,
      title: `ReplicaSet ${target.name}: ${ready} of ${wanted} replicas ready`,
      cause: "Some of the ReplicaSet's pods are missing or not ready.",
      evidence: [field("spec.replicas", wanted), field("status.readyReplicas", ready)],
      recommendations: ["See the pods' findings for why they are not ready."],
    });
  }
  return out;
}

export function analyzeStatefulSet(ctx: DiagnosticsContext, s: StatefulSet): FindingDraft[] {
  const target = refOf("StatefulSet", s);
  const ns = s.metadata?.namespace ?? "";
  const out = failedCreate(ctx, "StatefulSet", s, target);
  const wanted = s.spec?.replicas ?? 1;
  const ready = s.status?.readyReplicas ?? 0;
  if (wanted > 0 && ready < wanted) {
    out.push({
      id: "statefulset.unavailable-replicas",
      severity: ready === 0 ? "HIGH" : "MEDIUM",
      target,
      title: `StatefulSet ${target.name}: ${ready} of ${wanted} replicas ready`,
      cause:
        "A StatefulSet starts its pods in order: one that does not get ready holds back the ones after it.",
      evidence: [field("spec.replicas", wanted), field("status.readyReplicas", ready)],
      recommendations: ["Diagnose the lowest-numbered pod that is not ready first."],
    });
  }
  const serviceName = s.spec?.serviceName;
  if (
    serviceName &&
    ctx.input.services &&
    !(ctx.services.get(ns) ?? []).some((x) => x.metadata?.name === serviceName)
  ) {
    out.push({
      id: "statefulset.service-missing",
      severity: "MEDIUM",
      target,
      title: `StatefulSet ${target.name}'s governing Service ${serviceName} does not exist`,
      cause: `spec.serviceName names Service ${serviceName}, which gives the pods their stable DNS names; without it they get none.`,
      evidence: [field("spec.serviceName", serviceName)],
      recommendations: [
        `Create a headless Service ${serviceName} (clusterIP: None) selecting the StatefulSet's pods.`,
      ],
    });
  }
  if (ctx.input.storageClasses) {
    for (const t of s.spec?.volumeClaimTemplates ?? []) {
      const cls = t.spec?.storageClassName;
      if (cls && !ctx.storageClasses.has(cls)) {
        out.push({
          id: "statefulset.storage-class-missing",
          severity: "HIGH",
          target,
          title: `StatefulSet ${target.name}'s volumeClaimTemplate ${t.metadata?.name} uses missing StorageClass ${cls}`,
          cause: `Claims made from the template cannot be provisioned: StorageClass ${cls} does not exist.`,
          evidence: [field(`volumeClaimTemplates[${t.metadata?.name}].spec.storageClassName`, cls)],
          recommendations: ["Use an existing StorageClass (`kubectl get storageclass`), or create this one."],
        });
      }
    }
  }
  return out;
}

export function analyzeDaemonSet(ctx: DiagnosticsContext, ds: DaemonSet): FindingDraft[] {
  const target = refOf("DaemonSet", ds);
  const out = failedCreate(ctx, "DaemonSet", ds, target);
  const unavailable = ds.status?.numberUnavailable ?? 0;
  const desired = ds.status?.desiredNumberScheduled ?? 0;
  if (unavailable > 0) {
    out.push({
      id: "daemonset.unavailable",
      severity: unavailable >= desired ? "HIGH" : "MEDIUM",
      target,
      title: `DaemonSet ${target.name}: ${unavailable} of ${desired} pods unavailable`,
      cause: "The DaemonSet's pods on some nodes are not available.",
      evidence: [
        field("status.desiredNumberScheduled", desired),
        field("status.numberAvailable", ds.status?.numberAvailable ?? 0),
        field("status.numberUnavailable", unavailable),
      ],
      recommendations: ["See the pods' findings; check tolerations for tainted nodes."],
    });
  }
  const mis = ds.status?.numberMisscheduled ?? 0;
  if (mis > 0) {
    out.push({
      id: "daemonset.misscheduled",
      severity: "LOW",
      target,
      title: `DaemonSet ${target.name}: ${mis} pods run on nodes they should not`,
      cause: "Pods run on nodes that no longer match the DaemonSet's node selector or tolerations.",
      evidence: [field("status.numberMisscheduled", mis)],
      recommendations: ["Check the node labels and the DaemonSet's nodeSelector/affinity."],
    });
  }
  return out;
}

export function analyzeJob(ctx: DiagnosticsContext, job: Job): FindingDraft[] {
  const target = refOf("Job", job);
  const out = failedCreate(ctx, "Job", job, target);
  const failed = condition(job.status?.conditions, "Failed");
  if (failed?.status === "True") {
    const backoff = failed.reason === "BackoffLimitExceeded";
    out.push({
      id: "job.failed",
      severity: "HIGH",
      target,
      title: `Job ${target.name} failed${failed.reason ? ` (${failed.reason})` : ""}`,
      cause: backoff
        ? `The Job's pods failed ${job.status?.failed ?? "?"} times, reaching backoffLimit ${job.spec?.backoffLimit ?? 6}.`
        : (failed.message ?? "The Job failed."),
      evidence: [
        field("status.conditions[Failed]", conditionText(failed)),
        field("status.failed", job.status?.failed ?? 0),
        field("spec.backoffLimit", job.spec?.backoffLimit ?? 6),
      ],
      recommendations: [
        "Read the failed pods' logs for the error (their findings show the exit code).",
        failed.reason === "DeadlineExceeded"
          ? "The Job ran longer than activeDeadlineSeconds: raise it or speed the work up."
          : "Fix the cause, then re-run the Job (a new Job, or the CronJob's next schedule).",
      ],
    });
  }
  return out;
}

export function analyzeCronJob(ctx: DiagnosticsContext, cj: CronJob): FindingDraft[] {
  const target = refOf("CronJob", cj);
  const out: FindingDraft[] = [];
  if (cj.spec?.suspend) {
    out.push({
      id: "cronjob.suspended",
      severity: "LOW",
      target,
      title: `CronJob ${target.name} is suspended`,
      cause: "spec.suspend is true: no new Jobs are scheduled.",
      evidence: [field("spec.suspend", true)],
      recommendations: ["Set spec.suspend to false when the CronJob should run again."],
    });
  }
  const schedule = cj.spec?.schedule ?? "";
  if (!validCronSchedule(schedule)) {
    out.push({
      id: "cronjob.bad-schedule",
      severity: "HIGH",
      target,
      title: `CronJob ${target.name} has an invalid schedule "${schedule}"`,
      cause: "The schedule is not a five-field cron expression (or @hourly/@daily/…), so it never runs.",
      evidence: [field("spec.schedule", schedule)],
      recommendations: ["Write minute hour day-of-month month day-of-week, e.g. `*/15 * * * *`."],
    });
  }
  // The newest Job it created tells whether the last run failed.
  const uid = cj.metadata?.uid;
  // Only Jobs name a CronJob as their controller.
  const jobs = ((uid ? ctx.childrenByOwner.get(uid) : undefined) ?? []) as Job[];
  const started = (j: Job) => String(j.status?.startTime ?? j.metadata?.creationTimestamp ?? "");
  const newest = [...jobs].sort((a, b) => started(b).localeCompare(started(a)))[0];
  const failed = newest ? condition(newest.status?.conditions, "Failed") : undefined;
  if (newest && failed?.status === "True") {
    out.push({
      id: "cronjob.last-run-failed",
      severity: "HIGH",
      target,
      title: `CronJob ${target.name}'s last run (Job ${newest.metadata?.name}) failed`,
      cause: failed.message ?? `Job ${newest.metadata?.name} failed (${failed.reason ?? "?"}).`,
      evidence: [
        field("status.conditions[Failed]", conditionText(failed), refOf("Job", newest)),
        ...(cj.status?.lastScheduleTime
          ? [field("status.lastScheduleTime", String(cj.status.lastScheduleTime))]
          : []),
        ...(cj.status?.lastSuccessfulTime
          ? [field("status.lastSuccessfulTime", String(cj.status.lastSuccessfulTime))]
          : []),
      ],
      recommendations: ["Diagnose the failed Job's pods for the error."],
    });
  }
  return out;
}
