import { Finding } from "@clustercord/contracts";
import { describe, expect, it } from "vitest";
import {
  buildContext,
  type CronJob,
  type DaemonSet,
  type DiagnosticsInput,
  diagnose,
  diagnoseDeployment,
  diagnoseNamespace,
  type Job,
  type StatefulSet,
  TargetNotFoundError,
  validCronSchedule,
} from "../src/index";
import { crashStatus, deploymentSet, event, NS, pod, runningStatus, waitingStatus } from "./fixtures";

const ids = (findings: Finding[]) => findings.map((f) => f.id);
const byId = (findings: Finding[], id: string) => findings.find((f) => f.id === id);
function run(
  input: DiagnosticsInput,
  kind: "Deployment" | "StatefulSet" | "DaemonSet" | "Job" | "CronJob",
  name: string,
) {
  const findings = diagnose(buildContext(input), { kind, namespace: NS, name });
  Finding.array().parse(findings);
  return findings;
}

describe("Deployment", () => {
  it("groups its pods' findings by cause: one finding per cause listing the pods, targeted at the Deployment", () => {
    const oom = () => [crashStatus("api", 137, "OOMKilled")];
    const set = deploymentSet(
      "api",
      [
        oom(),
        oom(),
        oom(),
        [waitingStatus("api", "ImagePullBackOff", "manifest unknown")],
        [runningStatus()],
      ],
      {
        status: { replicas: 5, availableReplicas: 1, unavailableReplicas: 4, updatedReplicas: 5 },
      },
    );
    const findings = run(
      { deployments: [set.deployment], replicaSets: [set.replicaSet], pods: set.pods },
      "Deployment",
      "api",
    );
    expect(ids(findings)).toEqual([
      "pod.crash-loop.oom-killed",
      "pod.image-pull.not-found",
      "deployment.unavailable-replicas",
    ]);
    const oomFinding = byId(findings, "pod.crash-loop.oom-killed");
    expect(oomFinding?.target).toEqual({ kind: "Deployment", namespace: NS, name: "api" });
    expect(oomFinding?.title).toBe("3 of 5 pods: Container api was OOMKilled and is crash-looping");
    expect(oomFinding?.evidence[0]).toEqual({
      source: "related",
      label: "affected pods (3)",
      value: "api-7d9f8b6c5d-p0, api-7d9f8b6c5d-p1, api-7d9f8b6c5d-p2",
    });
    expect(oomFinding?.evidence[1]?.object).toEqual({
      kind: "Pod",
      namespace: NS,
      name: "api-7d9f8b6c5d-p0",
    });
    expect(oomFinding?.fix?.target).toEqual({ kind: "Deployment", namespace: NS, name: "api" });
    expect(byId(findings, "deployment.unavailable-replicas")?.severity).toBe("MEDIUM");
  });

  it("the grouped fingerprint does not change with which or how many pods are affected", () => {
    const a = deploymentSet("api", [[crashStatus("api", 1)], [runningStatus()]]);
    const b = deploymentSet("api", [
      [crashStatus("api", 1, "Error", 40)],
      [crashStatus("api", 1)],
      [crashStatus("api", 1)],
    ]);
    const fp = (s: typeof a) =>
      byId(
        run({ deployments: [s.deployment], replicaSets: [s.replicaSet], pods: s.pods }, "Deployment", "api"),
        "pod.crash-loop.app-error",
      )?.fingerprint;
    expect(fp(a)).toMatch(/^[0-9a-f]{32}$/);
    expect(fp(a)).toBe(fp(b));
  });

  it("a stuck rollout (ProgressDeadlineExceeded) and a ReplicaSet that hits the quota", () => {
    const set = deploymentSet("api", [], {
      spec: { replicas: 2 },
      status: {
        replicas: 0,
        availableReplicas: 0,
        conditions: [
          {
            type: "Progressing",
            status: "False",
            reason: "ProgressDeadlineExceeded",
            message: 'ReplicaSet "api-7d9f8b6c5d" has timed out progressing.',
          },
          {
            type: "ReplicaFailure",
            status: "True",
            reason: "FailedCreate",
            message:
              'pods "api-7d9f8b6c5d-abcde" is forbidden: exceeded quota: compute, requested: limits.memory=256Mi, used: limits.memory=1Gi, limited: limits.memory=1Gi',
          },
        ],
      },
    });
    set.replicaSet.spec = { ...set.replicaSet.spec, replicas: 2 };
    const events = [
      event(
        "ReplicaSet",
        "api-7d9f8b6c5d",
        "FailedCreate",
        'Error creating: pods "api-7d9f8b6c5d-abcde" is forbidden: exceeded quota: compute, requested: limits.memory=256Mi, used: limits.memory=1Gi, limited: limits.memory=1Gi',
        { count: 14 },
      ),
    ];
    const findings = run(
      { deployments: [set.deployment], replicaSets: [set.replicaSet], pods: [], events },
      "Deployment",
      "api",
    );
    expect(ids(findings)).toEqual([
      "deployment.replica-failure",
      "deployment.rollout-stuck",
      "deployment.unavailable-replicas",
      "workload.quota-exceeded",
    ]);
    expect(byId(findings, "deployment.rollout-stuck")?.evidence[0]?.value).toContain(
      "ProgressDeadlineExceeded",
    );
    const quota = byId(findings, "workload.quota-exceeded");
    expect(quota?.title).toBe("ReplicaSet api-7d9f8b6c5d cannot create pods: ResourceQuota compute exceeded");
    expect(quota?.evidence[0]?.label).toBe("event FailedCreate ×14 (Warning)");
  });

  it("a bare ReplicaSet short of ready replicas, whose pods an admission webhook rejects", () => {
    const set = deploymentSet("api", []);
    const rs = { ...set.replicaSet, metadata: { ...set.replicaSet.metadata, ownerReferences: [] } };
    rs.spec = { ...rs.spec, replicas: 2 };
    rs.status = { replicas: 0, readyReplicas: 0 };
    const message =
      'Error creating: admission webhook "validate.kyverno.svc" denied the request: require-labels: label team is required';
    const events = [event("ReplicaSet", "api-7d9f8b6c5d", "FailedCreate", message, { count: 3 })];
    const findings = diagnose(buildContext({ replicaSets: [rs], events }), {
      kind: "ReplicaSet",
      namespace: NS,
      name: "api-7d9f8b6c5d",
    });
    expect(ids(findings)).toEqual(["replicaset.unavailable-replicas", "workload.create-failed"]);
    expect(byId(findings, "workload.create-failed")?.cause).toBe(
      `The API server rejects the ReplicaSet's pods: ${message}`,
    );
  });

  it("an unknown target is an error, not an empty (healthy-looking) answer", () => {
    expect(() => diagnoseDeployment(buildContext({}), { namespace: NS, name: "nope" })).toThrow(
      TargetNotFoundError,
    );
  });
});

describe("StatefulSet, DaemonSet, Job, CronJob", () => {
  it("StatefulSet: unready replicas, missing governing Service, missing StorageClass", () => {
    const sts: StatefulSet = {
      metadata: { name: "db", namespace: NS, uid: "uid-sts-db" },
      spec: {
        replicas: 3,
        serviceName: "db-headless",
        selector: { matchLabels: { app: "db" } },
        template: { metadata: { labels: { app: "db" } }, spec: { containers: [] } },
        volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { storageClassName: "fast-ssd" } }],
      },
      status: { replicas: 1, readyReplicas: 0 },
    };
    const findings = run({ statefulSets: [sts], services: [], storageClasses: [] }, "StatefulSet", "db");
    expect(ids(findings).sort()).toEqual([
      "statefulset.service-missing",
      "statefulset.storage-class-missing",
      "statefulset.unavailable-replicas",
    ]);
  });

  it("DaemonSet: unavailable and misscheduled pods", () => {
    const ds: DaemonSet = {
      metadata: { name: "agent", namespace: NS },
      spec: { template: { spec: { containers: [] } } },
      status: { desiredNumberScheduled: 3, numberAvailable: 1, numberUnavailable: 2, numberMisscheduled: 1 },
    };
    const findings = run({ daemonSets: [ds] }, "DaemonSet", "agent");
    expect(ids(findings)).toEqual(["daemonset.unavailable", "daemonset.misscheduled"]);
    expect(findings[0]?.severity).toBe("MEDIUM");
  });

  const failedJob = (name: string, owner?: string): Job => ({
    metadata: {
      name,
      namespace: NS,
      uid: `uid-job-${name}`,
      ...(owner
        ? { ownerReferences: [{ kind: "CronJob", name: owner, uid: `uid-cj-${owner}`, controller: true }] }
        : {}),
    },
    spec: { backoffLimit: 4, template: { spec: { containers: [] } } },
    status: {
      failed: 5,
      startTime: "2026-11-30T09:00:00Z",
      conditions: [
        {
          type: "Failed",
          status: "True",
          reason: "BackoffLimitExceeded",
          message: "Job has reached the specified backoff limit",
        },
      ],
    },
  });

  it("Job: failed at the backoff limit, with its pods' causes grouped under it", () => {
    // restartPolicy Never: the container stays terminated, the pod Failed.
    const jobPod = pod("migrate-x1", {
      phase: "Failed",
      ready: false,
      statuses: [
        runningStatus("api", {
          ready: false,
          started: false,
          state: {
            terminated: {
              exitCode: 1,
              reason: "Error",
              startedAt: "2026-11-30T09:00:01Z",
              finishedAt: "2026-11-30T09:00:04Z",
            },
          },
        }),
      ],
      owner: { kind: "Job", name: "migrate", uid: "uid-job-migrate" },
    });
    const findings = run({ jobs: [failedJob("migrate")], pods: [jobPod] }, "Job", "migrate");
    expect(ids(findings)).toEqual(["job.failed", "pod.failed.app-error"]);
    expect(byId(findings, "job.failed")?.cause).toBe(
      "The Job's pods failed 5 times, reaching backoffLimit 4.",
    );
    const failed = byId(findings, "pod.failed.app-error");
    expect(failed?.target.kind).toBe("Job");
    expect(failed?.title).toBe("1 of 1 pods: Container api failed (exit code 1)");
    expect(failed?.evidence.map((e) => `${e.label} = ${e.value}`)).toContain(
      "containers[api].state.terminated.exitCode = 1",
    );
  });

  it("CronJob: suspended, invalid schedule, last run failed", () => {
    const cj: CronJob = {
      metadata: { name: "report", namespace: NS, uid: "uid-cj-report" },
      spec: {
        schedule: "61 * * * *",
        suspend: true,
        jobTemplate: { spec: { template: { spec: { containers: [] } } } },
      },
      status: { lastScheduleTime: "2026-11-30T09:00:00Z" },
    };
    const findings = run({ cronJobs: [cj], jobs: [failedJob("report-1", "report")] }, "CronJob", "report");
    expect(ids(findings)).toEqual([
      "cronjob.bad-schedule",
      "cronjob.last-run-failed",
      "job.failed",
      "cronjob.suspended",
    ]);
    expect(byId(findings, "cronjob.last-run-failed")?.title).toBe(
      "CronJob report's last run (Job report-1) failed",
    );
  });

  it("cron schedules: fields, ranges, names, steps and macros", () => {
    for (const ok of [
      "*/15 * * * *",
      "0 9-17 * * mon-fri",
      "@hourly",
      "TZ=Europe/Paris 0 3 1,15 * *",
      "5 4 * jan,jul 0",
    ])
      expect(validCronSchedule(ok)).toBe(true);
    for (const bad of ["61 * * * *", "* * *", "0 0 32 * *", "*/0 * * * *", "0 17-9 * * *", "@often", ""])
      expect(validCronSchedule(bad)).toBe(false);
  });
});

describe("HPA and PDB", () => {
  it("HPA: missing scale target, metrics unavailable, at max replicas", () => {
    const set = deploymentSet("api", [[runningStatus()]]);
    const input: DiagnosticsInput = {
      deployments: [set.deployment],
      replicaSets: [set.replicaSet],
      pods: set.pods,
      horizontalPodAutoscalers: [
        {
          metadata: { name: "api", namespace: NS },
          spec: {
            scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "api" },
            minReplicas: 1,
            maxReplicas: 1,
          },
          status: {
            currentReplicas: 1,
            desiredReplicas: 1,
            conditions: [
              {
                type: "ScalingActive",
                status: "False",
                reason: "FailedGetResourceMetric",
                message:
                  "the HPA was unable to compute the replica count: failed to get cpu utilization: missing request for cpu in container api",
              },
              {
                type: "ScalingLimited",
                status: "True",
                reason: "TooManyReplicas",
                message: "the desired replica count is more than the maximum replica count",
              },
            ],
          },
        },
        {
          metadata: { name: "old", namespace: NS },
          spec: { scaleTargetRef: { kind: "Deployment", name: "api-v1" }, maxReplicas: 5 },
          status: { currentReplicas: 0 },
        },
      ],
    };
    const ns = diagnoseNamespace(buildContext(input), { name: NS });
    expect(ids(ns)).toEqual(["hpa.scale-target-missing", "hpa.at-max-replicas", "hpa.metrics-unavailable"]);
    expect(byId(ns, "hpa.scale-target-missing")?.target.name).toBe("old");
    // The Deployment's own diagnosis includes only the HPA that targets it.
    expect(ids(run(input, "Deployment", "api"))).toEqual(["hpa.at-max-replicas", "hpa.metrics-unavailable"]);
  });

  it("PDB: zero disruptions allowed, and a selector that matches nothing", () => {
    const set = deploymentSet("api", [[runningStatus()]]);
    const findings = diagnoseNamespace(
      buildContext({
        pods: set.pods,
        podDisruptionBudgets: [
          {
            metadata: { name: "api", namespace: NS },
            spec: { minAvailable: 1, selector: { matchLabels: { app: "api" } } },
            status: { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1, expectedPods: 1 },
          },
          {
            metadata: { name: "stale", namespace: NS },
            spec: { maxUnavailable: 1, selector: { matchLabels: { app: "gone" } } },
            status: { disruptionsAllowed: 0, expectedPods: 0 },
          },
        ],
      }),
      { name: NS },
    );
    expect(findings.map((f) => `${f.id} ${f.target.name}`)).toEqual([
      "pdb.no-disruptions-allowed api",
      "pdb.selector-no-match stale",
    ]);
  });
});
