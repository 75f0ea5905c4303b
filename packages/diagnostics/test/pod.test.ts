import { Finding } from "@clustercord/contracts";
import { applyJsonPatch } from "@clustercord/policy";
import { describe, expect, it } from "vitest";
import {
  buildContext,
  type DiagnosticsInput,
  diagnoseDeployment,
  diagnosePod,
  namedRefs,
  type Pod,
} from "../src/index";
import {
  container,
  crashStatus,
  deploymentSet,
  event,
  NS,
  node,
  pod,
  runningStatus,
  waitingStatus,
} from "./fixtures";

/** Diagnose one pod; every finding must satisfy the contract. */
function podFindings(p: Pod, input: DiagnosticsInput = {}) {
  const ctx = buildContext({ ...input, pods: [p, ...(input.pods ?? [])] });
  const findings = diagnosePod(ctx, { namespace: NS, name: p.metadata?.name ?? "" });
  Finding.array().parse(findings);
  return findings;
}
const byId = (findings: Finding[], id: string) => findings.find((f) => f.id === id);
const values = (f: Finding | undefined) => (f?.evidence ?? []).map((e) => `${e.label} = ${e.value}`);

describe("crash loops", () => {
  it.each([
    [1, "Error", "pod.crash-loop.app-error", "program stopped on an error"],
    [126, "ContainerCannotRun", "pod.crash-loop.not-executable", "could not be executed"],
    [127, "ContainerCannotRun", "pod.crash-loop.command-not-found", "not found in the image"],
    [139, "Error", "pod.crash-loop.segfault", "segmentation fault"],
    [143, "Error", "pod.crash-loop.terminated", "SIGTERM"],
    [137, "Error", "pod.crash-loop.killed", "SIGKILL"],
    [2, "Error", "pod.crash-loop.exit-code", "exit code 2"],
  ])("exit code %i → %s, quoting the status fields and the last log lines", (code, reason, id, meaning) => {
    const p = pod("api-0", { statuses: [crashStatus("api", code, reason)] });
    const findings = podFindings(p, {
      logs: [{ namespace: NS, pod: "api-0", container: "api", lines: ["starting", "fatal: config missing"] }],
    });
    const f = byId(findings, id);
    expect(f?.severity).toBe("HIGH");
    expect(f?.cause).toContain(meaning);
    expect(values(f)).toEqual(
      expect.arrayContaining([
        "containers[api].state.waiting.reason = CrashLoopBackOff",
        "containers[api].restartCount = 7",
        `containers[api].lastState.terminated.exitCode = ${code}`,
        "log of api = fatal: config missing",
      ]),
    );
  });

  it("OOMKilled: limit vs observed peak, and a fix that raises the Deployment's limit to 1.5× the larger", () => {
    const { deployment, replicaSet, pods } = deploymentSet("api", [[crashStatus("api", 137, "OOMKilled")]]);
    const p = pods[0] as Pod;
    const name = p.metadata?.name ?? "";
    const metrics = [200, 250, 262].map((mi, i) => ({
      namespace: NS,
      pod: name,
      container: "api",
      at: `2026-11-30T09:5${i}:00Z`,
      cpuMillicores: 120,
      memoryBytes: mi * 2 ** 20,
    }));
    const findings = podFindings(p, { deployments: [deployment], replicaSets: [replicaSet], metrics });
    const f = byId(findings, "pod.crash-loop.oom-killed");
    expect(f?.severity).toBe("CRITICAL");
    expect(f?.cause).toContain("256 MiB limit (recent peak 262 MiB)");
    expect(values(f)).toEqual(
      expect.arrayContaining([
        "containers[api].lastState.terminated.reason = OOMKilled",
        "containers[api].resources.limits.memory = 256Mi (256 MiB)",
        "memory working set, peak of recent samples = 262 MiB",
      ]),
    );
    // 1.5 × max(256Mi, 262Mi) = 393Mi, on the Deployment's template.
    expect(f?.fix?.target).toEqual({ kind: "Deployment", namespace: NS, name: "api" });
    expect(f?.fix?.patch).toEqual([
      { op: "replace", path: "/spec/template/spec/containers/0/resources/limits/memory", value: "393Mi" },
    ]);
    const fixed = applyJsonPatch(deployment, f?.fix?.patch ?? []);
    expect(fixed.spec?.template?.spec?.containers?.[0]?.resources?.limits?.memory).toBe("393Mi");
    expect(deployment.spec?.template?.spec?.containers?.[0]?.resources?.limits?.memory).toBe("256Mi");
  });

  it("an OOM kill in the past of a container that runs and is ready again is MEDIUM", () => {
    const past = crashStatus("api", 137, "OOMKilled", 1);
    const status = {
      ...past,
      ready: true,
      started: true,
      state: { running: { startedAt: "2026-11-30T09:58:13Z" } },
    };
    const f = byId(podFindings(pod("api-0", { statuses: [status] })), "pod.crash-loop.oom-killed");
    expect(f?.severity).toBe("MEDIUM");
    expect(f?.title).toBe("Container api was OOMKilled");
  });

  it("OOMKilled on a bare pod without a limit patches the pod, adding the limit from the peak", () => {
    const c = container("api", { resources: { requests: { memory: "128Mi" } } });
    const p = pod("solo", { containers: [c], statuses: [crashStatus("api", 137, "OOMKilled")] });
    const findings = podFindings(p, {
      metrics: [
        {
          namespace: NS,
          pod: "solo",
          container: "api",
          at: "2026-11-30T09:59:00Z",
          cpuMillicores: 10,
          memoryBytes: 400 * 2 ** 20,
        },
      ],
    });
    const f = byId(findings, "pod.crash-loop.oom-killed");
    expect(f?.cause).toContain("no memory limit");
    expect(f?.fix?.target).toEqual({ kind: "Pod", namespace: NS, name: "solo" });
    expect(f?.fix?.patch).toEqual([
      { op: "add", path: "/spec/containers/0/resources/limits", value: { memory: "600Mi" } },
    ]);
    expect(applyJsonPatch(p, f?.fix?.patch ?? []).spec?.containers?.[0]?.resources?.limits).toEqual({
      memory: "600Mi",
    });
  });
});

describe("fix limits", () => {
  it("the raised memory limit is never below the container's request", () => {
    const c = container("api", { resources: { requests: { memory: "1Gi" } } });
    const p = pod("solo", { containers: [c], statuses: [crashStatus("api", 137, "OOMKilled")] });
    const metrics = [
      {
        namespace: NS,
        pod: "solo",
        container: "api",
        at: "2026-11-30T09:59:00Z",
        cpuMillicores: 10,
        memoryBytes: 300 * 2 ** 20,
      },
    ];
    const f = byId(podFindings(p, { metrics }), "pod.crash-loop.oom-killed");
    expect(f?.fix?.patch).toEqual([
      { op: "add", path: "/spec/containers/0/resources/limits", value: { memory: "1Gi" } },
    ]);
  });
});

describe("image pulls", () => {
  it.each([
    [
      "ErrImagePull",
      'failed to pull and unpack image "registry.example.com/shop/api:1.4.2": failed to resolve reference: pulling from host registry.example.com failed with status code [manifests 1.4.2]: 401 Unauthorized',
      "pod.image-pull.unauthorized",
    ],
    [
      "ImagePullBackOff",
      'Back-off pulling image "registry.example.com/shop/api:1.4.3": failed to resolve reference "registry.example.com/shop/api:1.4.3": registry.example.com/shop/api:1.4.3: not found',
      "pod.image-pull.not-found",
    ],
    [
      "InvalidImageName",
      'Failed to apply default image tag "Shop/API:latest": couldn\'t parse image name',
      "pod.image-pull.bad-name",
    ],
    [
      "ErrImagePull",
      "toomanyrequests: You have reached your unauthenticated pull rate limit. https://www.docker.com/increase-rate-limit",
      "pod.image-pull.rate-limited",
    ],
    ["ErrImagePull", "dial tcp 10.0.0.9:443: i/o timeout", "pod.image-pull.failed"],
  ])("%s: %s → %s", (reason, message, id) => {
    const p = pod("api-0", { statuses: [waitingStatus("api", reason, message)] });
    const f = byId(podFindings(p), id);
    expect(f?.severity).toBe("HIGH");
    expect(values(f)).toContain(`containers[api].state.waiting = ${reason}: ${message}`);
    expect(f?.title).toContain("registry.example.com/shop/api:1.4.2");
  });

  it("reads the cause from the kubelet's Failed events when the waiting message is terse", () => {
    const p = pod("api-0", {
      statuses: [waitingStatus("api", "ImagePullBackOff", 'Back-off pulling image "x"')],
    });
    const events = [
      event(
        "Pod",
        "api-0",
        "Failed",
        'Failed to pull image "x": rpc error: pull access denied, repository does not exist or may require authorization',
        {
          fieldPath: "spec.containers{api}",
          count: 4,
        },
      ),
    ];
    const f = byId(podFindings(p, { events }), "pod.image-pull.unauthorized");
    expect(f?.evidence.find((e) => e.source === "event")?.label).toBe("event Failed ×4 (Warning)");
  });
});

describe("CreateContainerConfigError", () => {
  const env = [
    { name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "db", key: "password" } } },
    { name: "FEATURE", valueFrom: { configMapKeyRef: { name: "flags", key: "feature", optional: true } } },
  ];

  it("names the missing Secret and the env var that needs it, never a value", () => {
    const p = pod("api-0", {
      containers: [container("api", { env: [...env, { name: "API_TOKEN", value: "s3cr3t-literal" }] })],
      statuses: [waitingStatus("api", "CreateContainerConfigError", 'secret "db" not found')],
    });
    const findings = podFindings(p, { secrets: [], configMaps: [] });
    const f = byId(findings, "pod.config.missing-secret");
    expect(f?.title).toBe("Container api cannot start: missing Secret db");
    expect(values(f)).toContain("env DB_PASSWORD → Secret db key password = Secret shop/db does not exist");
    // The optional ConfigMap is not reported, and no env value is quoted.
    expect(JSON.stringify(findings)).not.toContain("flags");
    expect(JSON.stringify(findings)).not.toContain("s3cr3t-literal");
  });

  it("names the missing key from the kubelet's message and from the cached key names", () => {
    const p = pod("api-0", {
      containers: [container("api", { env })],
      statuses: [
        waitingStatus("api", "CreateContainerConfigError", "couldn't find key password in Secret shop/db"),
      ],
    });
    const f = byId(
      podFindings(p, { secrets: [{ namespace: NS, name: "db", keys: ["user"] }] }),
      "pod.config.missing-key",
    );
    expect(f?.title).toBe("Container api cannot start: missing key password in Secret db");
    expect(values(f)).toContain(
      "env DB_PASSWORD → Secret db key password = Secret shop/db has no key password",
    );
  });

  it("a missing ConfigMap mounted as a volume", () => {
    const p = pod("api-0", {
      containers: [container("api", { volumeMounts: [{ name: "cfg", mountPath: "/etc/app" }] })],
      volumes: [{ name: "cfg", configMap: { name: "app-config" } }],
      statuses: [waitingStatus("api", "CreateContainerConfigError", 'configmap "app-config" not found')],
    });
    const f = byId(podFindings(p, { configMaps: [] }), "pod.config.missing-configmap");
    expect(f?.title).toBe("Container api cannot start: missing ConfigMap app-config");
    expect(values(f)).toContain(
      "volume cfg → ConfigMap app-config = ConfigMap shop/app-config does not exist",
    );
  });
});

describe("probes", () => {
  it("a liveness probe timing out: the endpoint, the timeout, and a fix raising timeoutSeconds on the Deployment", () => {
    const { deployment, replicaSet, pods } = deploymentSet("api", [
      [runningStatus("api", { restartCount: 3 })],
    ]);
    const p = pods[0] as Pod;
    const events = [
      event(
        "Pod",
        p.metadata?.name ?? "",
        "Unhealthy",
        'Liveness probe failed: Get "http://10.244.1.17:8080/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
        {
          fieldPath: "spec.containers{api}",
          count: 9,
          uid: p.metadata?.uid,
        },
      ),
    ];
    const f = byId(
      podFindings(p, { deployments: [deployment], replicaSets: [replicaSet], events }),
      "pod.probe.liveness-failing",
    );
    expect(f?.severity).toBe("HIGH");
    expect(f?.cause).toContain("HTTP GET /healthz on port 8080");
    expect(f?.cause).toContain("within 1s");
    expect(values(f)).toContain(
      "containers[api].livenessProbe timing = timeoutSeconds 1, initialDelaySeconds 0, periodSeconds 10, failureThreshold 3",
    );
    expect(f?.fix?.patch).toEqual([
      { op: "replace", path: "/spec/template/spec/containers/0/livenessProbe/timeoutSeconds", value: 5 },
    ]);
    expect(
      applyJsonPatch(deployment, f?.fix?.patch ?? []).spec?.template?.spec?.containers?.[0]?.livenessProbe
        ?.timeoutSeconds,
    ).toBe(5);
  });

  it("a startup probe refused: raise initialDelaySeconds; a readiness probe refused: no fix", () => {
    const c = container("api", {
      startupProbe: { tcpSocket: { port: 8080 }, initialDelaySeconds: 5, timeoutSeconds: 1 },
    });
    const p = pod("solo", { containers: [c] });
    const events = [
      event(
        "Pod",
        "solo",
        "Unhealthy",
        "Startup probe failed: dial tcp 10.244.1.17:8080: connect: connection refused",
        { fieldPath: "spec.containers{api}" },
      ),
      event(
        "Pod",
        "solo",
        "Unhealthy",
        "Readiness probe failed: dial tcp 10.244.1.17:8080: connect: connection refused",
        { fieldPath: "spec.containers{api}" },
      ),
    ];
    const findings = podFindings(p, { events });
    expect(byId(findings, "pod.probe.startup-failing")?.fix?.patch).toEqual([
      { op: "replace", path: "/spec/containers/0/startupProbe/initialDelaySeconds", value: 30 },
    ]);
    const readiness = byId(findings, "pod.probe.readiness-failing");
    expect(readiness?.severity).toBe("MEDIUM");
    expect(readiness?.fix).toBeUndefined();
  });
});

describe("events", () => {
  it("events about an earlier object of the same name (another uid) are left out", () => {
    const message = 'Liveness probe failed: Get "http://10.244.1.17:8080/healthz": context deadline exceeded';
    const stale = event("Pod", "api-0", "Unhealthy", message, {
      uid: "uid-of-a-deleted-pod",
      fieldPath: "spec.containers{api}",
    });
    expect(podFindings(pod("api-0"), { events: [stale] })).toEqual([]);
    const current = event("Pod", "api-0", "Unhealthy", message, {
      uid: "uid-pod-api-0",
      fieldPath: "spec.containers{api}",
    });
    expect(podFindings(pod("api-0"), { events: [stale, current] }).map((f) => f.id)).toEqual([
      "pod.probe.liveness-failing",
    ]);
  });

  it("quotes the newest events first", () => {
    const older = event(
      "Pod",
      "api-0",
      "Unhealthy",
      "Readiness probe failed: HTTP probe failed with statuscode: 503",
      {
        at: "2026-11-30T09:10:00Z",
      },
    );
    const newer = event(
      "Pod",
      "api-0",
      "Unhealthy",
      "Readiness probe failed: HTTP probe failed with statuscode: 500",
      {
        at: "2026-11-30T09:50:00Z",
      },
    );
    const f = byId(podFindings(pod("api-0"), { events: [older, newer] }), "pod.probe.readiness-failing");
    expect(f?.evidence.filter((e) => e.source === "event").map((e) => e.at)).toEqual([
      "2026-11-30T09:50:00Z",
      "2026-11-30T09:10:00Z",
    ]);
  });
});

describe("scheduling and eviction", () => {
  const pending = (message: string) =>
    pod("api-0", {
      phase: "Pending",
      statuses: [],
      status: { conditions: [{ type: "PodScheduled", status: "False", reason: "Unschedulable", message }] },
    });

  it.each([
    [
      "0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.",
      ["pod.unschedulable.insufficient-resources"],
    ],
    [
      "0/2 nodes are available: 2 node(s) had untolerated taint {dedicated: gpu}. preemption: not eligible",
      ["pod.unschedulable.untolerated-taint"],
    ],
    [
      "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.",
      ["pod.unschedulable.node-affinity"],
    ],
    [
      "0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims.",
      ["pod.unschedulable.unbound-pvc"],
    ],
    [
      "0/4 nodes are available: 1 Insufficient cpu, 3 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }.",
      ["pod.unschedulable.insufficient-resources", "pod.unschedulable.untolerated-taint"],
    ],
    ["0/1 nodes are available: 1 node(s) were unschedulable.", ["pod.unschedulable.other"]],
  ])("%s", (message, ids) => {
    const findings = podFindings(pending(message));
    expect(findings.map((f) => f.id).sort()).toEqual([...ids].sort());
    expect(findings[0]?.evidence[0]?.value).toBe(`Unschedulable: ${message}`);
  });

  it("an evicted pod, with the node's pressure condition", () => {
    const p = pod("api-0", {
      phase: "Failed",
      statuses: [],
      status: {
        reason: "Evicted",
        message:
          "The node was low on resource: memory. Threshold quantity: 100Mi, available: 61232Ki. Container api was using 1200Mi, request is 128Mi, has larger consumption of memory.",
      },
    });
    const n = node("node-a", {
      conditions: {
        MemoryPressure: ["True", "KubeletHasInsufficientMemory", "kubelet has insufficient memory available"],
      },
    });
    const f = byId(podFindings(p, { nodes: [n] }), "pod.evicted");
    expect(f?.title).toBe("Pod api-0 was evicted (node low on memory)");
    expect(f?.evidence.map((e) => e.object?.name ?? "self")).toEqual(["self", "self", "node-a"]);
  });
});

describe("usage, prediction and DNS", () => {
  const at = (m: number) => new Date(Date.parse("2026-11-30T10:00:00Z") - m * 60_000).toISOString();
  const sample = (minutesAgo: number, mi: number, cpu = 100) => ({
    namespace: NS,
    pod: "api-0",
    container: "api",
    at: at(minutesAgo),
    cpuMillicores: cpu,
    memoryBytes: mi * 2 ** 20,
  });
  const now = new Date("2026-11-30T10:00:00Z");

  it("memory near the limit (with the trend), CPU at the limit", () => {
    const findings = podFindings(pod("api-0"), {
      now,
      metrics: [sample(10, 200, 480), sample(5, 220, 480), sample(0, 240, 490)],
    });
    const mem = byId(findings, "pod.usage.memory-near-limit");
    expect(mem?.title).toBe("Container api uses 94% of its memory limit");
    expect(values(mem).join("\n")).toContain("expected OOM in ~4 min");
    expect(byId(findings, "pod.usage.cpu-at-limit")?.title).toBe(
      "Container api runs at 98% of its CPU limit",
    );
  });

  it("a steady climb still far from the limit: an OOM prediction, worded as an estimate", () => {
    const findings = podFindings(pod("api-0"), {
      now,
      metrics: [sample(20, 100), sample(10, 120), sample(0, 140)],
    });
    const f = byId(findings, "pod.usage.oom-predicted");
    expect(f?.title).toBe("Container api: expected OOM in ~58 min");
    expect(f?.cause).toContain("estimate");
    expect(byId(findings, "pod.usage.memory-near-limit")).toBeUndefined();
  });

  it("no limits: compared with the node's allocatable", () => {
    const c = container("api", { resources: {} });
    const findings = podFindings(pod("api-0", { containers: [c] }), {
      nodes: [node("node-a")],
      metrics: [sample(0, 9 * 1024, 100)],
    });
    expect(byId(findings, "pod.usage.high-vs-node")?.title).toBe(
      "Container api uses over half of node node-a's memory with no limit",
    );
  });

  it("DNS failures from log lines name the host", () => {
    const findings = podFindings(pod("api-0"), {
      logs: [
        {
          namespace: NS,
          pod: "api-0",
          container: "api",
          lines: ["connecting", "dial tcp: lookup postgres.db on 10.96.0.10:53: no such host"],
        },
      ],
    });
    const f = byId(findings, "pod.dns-failure");
    expect(f?.title).toBe('Pod api-0 fails to resolve "postgres.db"');
    expect(f?.evidence[0]?.source).toBe("log");
  });

  it("a mounted claim that does not exist", () => {
    const p = pod("api-0", { volumes: [{ name: "data", persistentVolumeClaim: { claimName: "data-api" } }] });
    expect(byId(podFindings(p, { persistentVolumeClaims: [] }), "pod.volume.pvc-missing")?.title).toBe(
      "Pod api-0 mounts PersistentVolumeClaim data-api, which does not exist",
    );
  });

  it("a healthy pod has no findings", () => {
    expect(podFindings(pod("api-0"), { nodes: [node("node-a")], metrics: [sample(0, 100)], now })).toEqual(
      [],
    );
  });
});

describe("missing probes", () => {
  it("LOW on the workload, with a TCP probe fix on the first port that applies", () => {
    const c = container("api", { readinessProbe: undefined, livenessProbe: undefined });
    const { deployment, replicaSet, pods } = deploymentSet("api", [[runningStatus()]], { containers: [c] });
    const ctx = buildContext({ deployments: [deployment], replicaSets: [replicaSet], pods });
    const f = byId(diagnoseDeployment(ctx, { namespace: NS, name: "api" }), "workload.probe.missing");
    expect(f?.severity).toBe("LOW");
    expect(f?.target).toEqual({ kind: "Deployment", namespace: NS, name: "api" });
    const fixed = applyJsonPatch(deployment, f?.fix?.patch ?? []);
    const after = fixed.spec?.template?.spec?.containers?.[0];
    expect(after?.readinessProbe).toEqual({ tcpSocket: { port: 8080 }, periodSeconds: 5 });
    expect(after?.livenessProbe).toEqual({
      tcpSocket: { port: 8080 },
      initialDelaySeconds: 10,
      periodSeconds: 10,
    });
    // Re-diagnosed after the fix, the finding is gone.
    const again = buildContext({ deployments: [fixed], replicaSets: [replicaSet], pods });
    expect(
      byId(diagnoseDeployment(again, { namespace: NS, name: "api" }), "workload.probe.missing"),
    ).toBeUndefined();
  });
});

describe("other container states", () => {
  it("exit code 0 in a crash loop: a one-shot program in a Deployment", () => {
    const f = byId(
      podFindings(pod("api-0", { statuses: [crashStatus("api", 0, "Completed")] })),
      "pod.crash-loop.exited",
    );
    expect(f?.cause).toContain("finished successfully");
    expect(f?.recommendations[0]).toBe("Run one-shot work as a Job, or make the program keep running.");
  });

  it("CreateContainerError names the runtime's message", () => {
    const message =
      'failed to generate container spec: failed to stat "/data/missing": no such file or directory';
    const f = byId(
      podFindings(pod("api-0", { statuses: [waitingStatus("api", "CreateContainerError", message)] })),
      "pod.container.create-error",
    );
    expect(f?.cause).toBe(message);
  });

  it("a config error the kubelet words differently falls back to the caches' view, then to a generic id", () => {
    const env = [{ name: "TOKEN", valueFrom: { secretKeyRef: { name: "api-token", key: "token" } } }];
    const p = pod("api-0", {
      containers: [container("api", { env })],
      statuses: [
        waitingStatus(
          "api",
          "CreateContainerConfigError",
          "failed to sync secret cache: timed out waiting for the condition",
        ),
      ],
    });
    expect(byId(podFindings(p, { secrets: [] }), "pod.config.missing-secret")?.title).toBe(
      "Container api cannot start: missing Secret api-token",
    );
    expect(byId(podFindings(p), "pod.config.missing-reference")?.title).toBe(
      "Container api cannot start: missing a ConfigMap or Secret it references",
    );
  });

  it("DNS failures from events (nameserver limits) without logs", () => {
    const events = [
      event(
        "Pod",
        "api-0",
        "DNSConfigForming",
        "Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: 10.96.0.10 8.8.8.8 1.1.1.1",
      ),
    ];
    const f = byId(podFindings(pod("api-0"), { events }), "pod.dns-failure");
    expect(f?.title).toBe("Pod api-0 fails to resolve names");
    expect(f?.evidence[0]?.label).toBe("event DNSConfigForming (Warning)");
  });
});

describe("secret values never enter the context", () => {
  it("Secret objects passed by mistake keep only their names and key names", () => {
    const secret = {
      metadata: { namespace: NS, name: "db" },
      data: { password: "aHVudGVyMg==" },
      stringData: { user: "admin-literal" },
    };
    const ctx = buildContext({
      secrets: [secret as never],
      configMaps: namedRefs([{ metadata: { namespace: NS, name: "cfg" }, data: { mode: "prod-literal" } }]),
    });
    expect(ctx.secrets.get(`${NS}/db`)).toEqual({ namespace: NS, name: "db", keys: ["password", "user"] });
    expect(ctx.configMaps.get(`${NS}/cfg`)).toEqual({ namespace: NS, name: "cfg", keys: ["mode"] });
    const text = JSON.stringify({
      input: ctx.input,
      secrets: [...ctx.secrets.values()],
      configMaps: [...ctx.configMaps.values()],
    });
    expect(text).not.toContain("aHVudGVyMg==");
    expect(text).not.toContain("admin-literal");
    expect(text).not.toContain("prod-literal");
  });

  it("namedRefs keeps the key names of data, binaryData and stringData", () => {
    expect(
      namedRefs([
        { metadata: { namespace: NS, name: "tls" }, data: { "tls.crt": "x" }, binaryData: { "ca.der": "y" } },
      ]),
    ).toEqual([{ namespace: NS, name: "tls", keys: ["tls.crt", "ca.der"] }]);
  });
});
