import {
  type DiagnosticsClusterOutput,
  type DiagnosticsRunOutput,
  type Finding,
  DiagnosticsRunOutput as Output,
  DiagnosticsClusterOutput as PassOutput,
} from "@clustercord/contracts";
import type { APIEmbed } from "discord.js";
import { describe, expect, it } from "vitest";
import { diagnoseCommand } from "../src/commands/diagnose";
import { diagnosisPageUrl, healthPageUrl, renderDiagnosis, renderHealth } from "../src/render/diagnostics";

const CLUSTER = "0b4f3c2e-8d7a-4f61-9c3b-2a1e5d6f7a8b";
const NS = "clustercord-guild-200000000000000001";
const WEB = "https://cc.example.test";
const deployment = { kind: "Deployment" as const, namespace: NS, name: "payments" };

/**
 * diagnostics.run's answer for the OOM-killed Deployment of diagnose.cluster.test.ts, as Alice (Acme's
 * admin, a tenant of the shared cluster) got it on the local control plane.
 */
const recorded: DiagnosticsRunOutput = Output.parse({
  target: {
    kind: "Deployment",
    namespace: NS,
    name: "payments",
  },
  findings: [
    {
      id: "pod.crash-loop.oom-killed",
      severity: "CRITICAL",
      target: {
        kind: "Deployment",
        namespace: NS,
        name: "payments",
      },
      title: "1 of 1 pods: Container app was OOMKilled and is crash-looping",
      cause: "The kernel killed container app (exit code 137) when its memory use reached the 128 MiB limit.",
      evidence: [
        {
          source: "related",
          label: "affected pods (1)",
          value: "payments-5fd68f987-svfw8",
        },
        {
          source: "field",
          label: "containers[app].state.waiting.reason",
          value: "CrashLoopBackOff",
          object: {
            kind: "Pod",
            namespace: NS,
            name: "payments-5fd68f987-svfw8",
          },
        },
        {
          source: "field",
          label: "containers[app].restartCount",
          value: "3",
          object: {
            kind: "Pod",
            namespace: NS,
            name: "payments-5fd68f987-svfw8",
          },
        },
        {
          source: "field",
          label: "containers[app].lastState.terminated.exitCode",
          value: "137",
          object: {
            kind: "Pod",
            namespace: NS,
            name: "payments-5fd68f987-svfw8",
          },
        },
        {
          source: "field",
          label: "containers[app].lastState.terminated.reason",
          value: "OOMKilled",
          object: {
            kind: "Pod",
            namespace: NS,
            name: "payments-5fd68f987-svfw8",
          },
        },
        {
          source: "field",
          label: "containers[app].resources.limits.memory",
          value: "128Mi (128 MiB)",
          object: {
            kind: "Pod",
            namespace: NS,
            name: "payments-5fd68f987-svfw8",
          },
        },
      ],
      recommendations: [
        "Raise the memory limit to what the program needs at peak (the fix below: 1.5× the larger of the limit and the observed peak).",
        "If usage grows without bound, look for a leak: compare memory over time after restarts.",
        "For runtimes with their own heap settings (JVM -Xmx, Node --max-old-space-size), keep them below the limit.",
      ],
      fix: {
        description: "Raise container app's memory limit to 192Mi on Deployment payments",
        target: {
          kind: "Deployment",
          namespace: NS,
          name: "payments",
        },
        patch: [
          {
            op: "replace",
            path: "/spec/template/spec/containers/0/resources/limits/memory",
            value: "192Mi",
          },
        ],
      },
      fingerprint: "1abae016e1c9ee90cbc069b26f03b7d8",
    },
    {
      id: "deployment.unavailable-replicas",
      severity: "HIGH",
      target: {
        kind: "Deployment",
        namespace: NS,
        name: "payments",
      },
      title: "Deployment payments: 1 of 1 replicas unavailable",
      cause: "No replica is available: the Deployment serves nothing.",
      evidence: [
        {
          source: "field",
          label: "spec.replicas",
          value: "1",
        },
        {
          source: "field",
          label: "status.availableReplicas",
          value: "0",
        },
        {
          source: "field",
          label: "status.unavailableReplicas",
          value: "1",
        },
      ],
      recommendations: ["See the pods' findings for why they are not ready."],
      fingerprint: "ebe473ed648c69479d8f05a7c6bd3f41",
    },
    {
      id: "workload.probe.missing",
      severity: "LOW",
      target: {
        kind: "Deployment",
        namespace: NS,
        name: "payments",
      },
      title: "Container app has no readiness or liveness probe",
      cause:
        "Without a readiness probe traffic reaches app before it is ready; without a liveness probe a hung app is never restarted.",
      evidence: [
        {
          source: "field",
          label: "spec.template.spec.containers[app].readinessProbe",
          value: "(not set)",
        },
        {
          source: "field",
          label: "spec.template.spec.containers[app].livenessProbe",
          value: "(not set)",
        },
      ],
      recommendations: [
        "Add probes that check what the program needs to serve (an HTTP health endpoint is best; TCP is the fallback below).",
      ],
      fingerprint: "81eb2c933f0c70f1c412d7e133140a93",
    },
  ],
  read: [
    "configmaps",
    "cronjobs",
    "daemonsets",
    "deployments",
    "endpointslices",
    "events",
    "horizontalpodautoscalers",
    "ingresses",
    "jobs",
    "networkpolicies",
    "persistentvolumeclaims",
    "poddisruptionbudgets",
    "pods",
    "replicasets",
    "resourcequotas",
    "services",
    "statefulsets",
  ],
  unread: ["namespaces", "nodes", "storageclasses"],
  checkedAt: "2026-11-30T17:10:24.846Z",
});
const [oomKilled, unavailable, noProbes] = recorded.findings as [Finding, Finding, Finding];

const finding = (over: Partial<Finding>): Finding => ({ ...oomKilled, fix: undefined, ...over });

const run = (findings: Finding[], over: Partial<DiagnosticsRunOutput> = {}): DiagnosticsRunOutput =>
  // Parsed by the contract: the fixture is an answer the API could give.
  Output.parse({
    target: deployment,
    findings,
    read: ["deployments", "events", "pods", "replicasets", "services"],
    unread: ["namespaces", "nodes", "storageclasses"],
    checkedAt: "2026-11-30T10:05:42.000Z",
    ...over,
  });

/** What Discord counts toward an embed's 6,000 characters. */
const embedSize = (e: APIEmbed) =>
  (e.title ?? "").length +
  (e.description ?? "").length +
  (e.footer?.text ?? "").length +
  (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);

const view = { clusterId: CLUSTER, clusterName: "shared" };

describe("renderDiagnosis", () => {
  it("shows the recorded answer: one field per finding, most severe first, with evidence, recommendations, fix", () => {
    const embed = renderDiagnosis(recorded, view);
    expect(embed.title).toBe("Diagnosis of Deployment payments");
    expect(embed.description).toBe(
      `**3 findings** (CRITICAL 1 · HIGH 1 · LOW 1) for Deployment \`payments\` in \`${NS}\` on shared.`,
    );
    expect(embed.color).toBe(0xd1242f);
    expect(embed.fields?.map((f) => f.name)).toEqual([
      "🔴 CRITICAL · 1 of 1 pods: Container app was OOMKilled and is crash-looping",
      "🟠 HIGH · Deployment payments: 1 of 1 replicas unavailable",
      "🔵 LOW · Container app has no readiness or liveness probe",
    ]);
    expect(embed.fields?.[0]?.value.split("\n")).toEqual([
      "The kernel killed container app (exit code 137) when its memory use reached the 128 MiB limit.",
      "• affected pods (1): `payments-5fd68f987-svfw8`",
      "• containers[app].state.waiting.reason: `CrashLoopBackOff`",
      "• containers[app].restartCount: `3`",
      "• containers[app].lastState.terminated.exitCode: `137`",
      "• containers[app].lastState.terminated.reason: `OOMKilled`",
      "• containers[app].resources.limits.memory: `128Mi (128 MiB)`",
      "→ Raise the memory limit to what the program needs at peak (the fix below: 1.5× the larger of the limit and the observed peak).",
      "→ If usage grows without bound, look for a leak: compare memory over time after restarts.",
      "🛠️ Suggested fix: Raise container app's memory limit to 192Mi on Deployment payments",
    ]);
    expect(embed.fields?.[2]?.value).toBe(
      [
        "Without a readiness probe traffic reaches app before it is ready; without a liveness probe a hung app is never restarted.",
        "• spec.template.spec.containers[app].readinessProbe: `(not set)`",
        "• spec.template.spec.containers[app].livenessProbe: `(not set)`",
        "→ Add probes that check what the program needs to serve (an HTTP health endpoint is best; TCP is the fallback below).",
      ].join("\n"),
    );
    // What could not be read is always said, and without PUBLIC_URL there is no link.
    expect(embed.footer?.text).toBe(
      "checked 2026-11-30 17:10 UTC · not read: namespaces, nodes, storageclasses",
    );
    expect(embed.url).toBeUndefined();
  });

  it("sorts by severity whatever the order, counts hidden evidence, and names another object a finding is about", () => {
    const crowded = finding({
      evidence: [
        ...oomKilled.evidence,
        { source: "event", label: "event BackOff ×12", value: "back-off 40s" },
      ],
    });
    const embed = renderDiagnosis(
      run([
        noProbes,
        crowded,
        finding({
          id: "service.selector-no-match",
          severity: "MEDIUM",
          target: { kind: "Service", namespace: NS, name: "checkout" },
          title: "Service checkout's selector matches no pods",
        }),
        unavailable,
      ]),
      view,
    );
    expect(embed.fields?.map((f) => f.name.split(" · ")[0])).toEqual([
      "🔴 CRITICAL",
      "🟠 HIGH",
      "🟡 MEDIUM",
      "🔵 LOW",
    ]);
    expect(embed.fields?.[0]?.value).toContain("\n• …and 1 more\n");
    expect(embed.fields?.[2]?.name).toBe(
      "🟡 MEDIUM · Service checkout's selector matches no pods (Service checkout)",
    );
  });

  it("says a clean result is clean and names the kinds it could not read", () => {
    const embed = renderDiagnosis(run([]), { ...view, webUrl: WEB });
    expect(embed.color).toBe(0x2ea043);
    expect(embed.fields).toBeUndefined();
    expect(embed.description).toBe(
      `✅ No problems found in Deployment \`payments\` in \`${NS}\` on shared.\n` +
        "Could not read `namespaces`, `nodes`, `storageclasses` (your role may not, or the cluster did not answer): a problem there would not show up.",
    );
    expect(embed.url).toBe(`${WEB}/clusters/${CLUSTER}/resources/deployments/payments?namespace=${NS}`);
    // Everything read: nothing to warn about.
    const full = renderDiagnosis(run([], { unread: [] }), view);
    expect(full.description).toBe(`✅ No problems found in Deployment \`payments\` in \`${NS}\` on shared.`);
    expect(full.footer?.text).toBe("checked 2026-11-30 10:05 UTC");
  });

  it("stays within Discord's limits and says how many more the web page shows", () => {
    const long = (n: number, c: string) => c.repeat(n);
    const huge = Array.from({ length: 40 }, (_, i) =>
      finding({
        severity: i < 5 ? "CRITICAL" : "MEDIUM",
        title: `Finding ${i} ${long(180, "t")}`,
        target: { kind: "Pod", namespace: NS, name: `payments-${i}-${long(200, "p")}` },
        cause: long(1_000, "c"),
        evidence: Array.from({ length: 50 }, () => ({
          source: "log" as const,
          label: long(200, "l"),
          value: long(2_000, "v"),
        })),
        recommendations: Array.from({ length: 10 }, () => long(500, "r")),
        fix: oomKilled.fix,
      }),
    );
    const embed = renderDiagnosis(run(huge), { ...view, webUrl: `${WEB}/` });
    const fields = embed.fields ?? [];
    expect(fields.length).toBeGreaterThan(0);
    expect(fields.length).toBeLessThan(40);
    for (const f of fields) {
      expect(f.name.length).toBeLessThanOrEqual(256);
      expect(f.value.length).toBeLessThanOrEqual(1024);
    }
    expect(embedSize(embed)).toBeLessThanOrEqual(6000);
    expect(embed.description?.split("\n")[1]).toBe(
      `…and ${40 - fields.length} more: see [the web page](${WEB}/clusters/${CLUSTER}/resources/deployments/payments?namespace=${NS}).`,
    );
    expect(fields[0]?.name).toMatch(/^🔴 CRITICAL · Finding 0 t+ \(Pod payments-0-p+…$/);

    // Many small findings: at most 25 fields, the rest counted.
    const many = Array.from({ length: 30 }, (_, i) =>
      finding({ title: `Small ${i}`, cause: "Short.", evidence: [], recommendations: [] }),
    );
    const capped = renderDiagnosis(run(many), view);
    expect(capped.fields).toHaveLength(25);
    expect(embedSize(capped)).toBeLessThanOrEqual(6000);
    expect(capped.description?.split("\n")[1]).toBe(
      "…and 5 more: see this object's page in the web dashboard.",
    );
  });

  it("links each target to the web page that diagnoses it", () => {
    expect(diagnosisPageUrl(WEB, CLUSTER, { kind: "Pod", namespace: NS, name: "payments-1" })).toBe(
      `${WEB}/clusters/${CLUSTER}/namespaces/${NS}/pods/payments-1`,
    );
    expect(diagnosisPageUrl(WEB, CLUSTER, { kind: "Node", name: "kwok-node-0" })).toBe(
      `${WEB}/clusters/${CLUSTER}/resources/nodes/kwok-node-0`,
    );
    expect(diagnosisPageUrl(WEB, CLUSTER, { kind: "Namespace", name: NS })).toBe(
      `${WEB}/clusters/${CLUSTER}/health?namespace=${NS}`,
    );
    expect(diagnosisPageUrl(WEB, CLUSTER, { kind: "StatefulSet", namespace: NS, name: "db" })).toBe(
      `${WEB}/clusters/${CLUSTER}/resources/statefulsets/db?namespace=${NS}`,
    );
  });
});

/**
 * diagnostics.cluster's answer for Acme (a tenant of the shared cluster) in diagnose.cluster.test.ts, as
 * Alice got it on the local control plane: the same three findings as the Deployment's diagnosis.
 */
const recordedPass: DiagnosticsClusterOutput = PassOutput.parse({
  scope: { kind: "namespaces", namespaces: [NS] },
  findings: recorded.findings,
  total: 3,
  bySeverity: { CRITICAL: 1, HIGH: 1, MEDIUM: 0, LOW: 1 },
  read: recorded.read,
  unread: ["namespaces", "nodes", "storageclasses"],
  checkedAt: "2026-11-30T17:36:15.588Z",
});

const pass = (
  findings: Finding[],
  over: Partial<DiagnosticsClusterOutput> = {},
): DiagnosticsClusterOutput => {
  const bySeverity = { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0 };
  for (const f of findings) bySeverity[f.severity]++;
  return PassOutput.parse({
    scope: { kind: "cluster" },
    findings,
    total: findings.length,
    bySeverity,
    read: ["nodes", "pods", "services"],
    unread: [],
    checkedAt: "2026-11-30T10:05:42.000Z",
    ...over,
  });
};

describe("renderHealth", () => {
  it("shows the recorded pass: counts by severity, then the findings under their namespace", () => {
    const embed = renderHealth(recordedPass, { ...view, webUrl: WEB });
    expect(embed.title).toBe("Health of shared");
    expect(embed.url).toBe(`${WEB}/clusters/${CLUSTER}/health`);
    expect(embed.description).toBe(
      `**3 findings** in your namespace \`${NS}\` on shared.\n` +
        "🔴 CRITICAL 1 · 🟠 HIGH 1 · 🟡 MEDIUM 0 · 🔵 LOW 1",
    );
    expect(embed.color).toBe(0xd1242f);
    expect(embed.fields).toEqual([
      {
        name: `📁 ${NS}`,
        value: [
          "🔴 1 of 1 pods: Container app was OOMKilled and is crash-looping · Deployment `payments`",
          "🟠 Deployment payments: 1 of 1 replicas unavailable",
          "🔵 Container app has no readiness or liveness probe · Deployment `payments`",
        ].join("\n"),
      },
    ]);
    expect(embed.footer?.text).toBe(
      "checked 2026-11-30 17:36 UTC · not read: namespaces, nodes, storageclasses",
    );
  });

  it("groups by namespace in the order of each one's worst finding, cluster-scoped objects apart", () => {
    const at = (severity: Finding["severity"], namespace: string | null, name: string) =>
      finding({
        severity,
        title: `${severity} problem`,
        target: { kind: namespace ? "Pod" : "Node", namespace, name },
      });
    const embed = renderHealth(
      pass([
        at("CRITICAL", "shop", "cart-1"),
        at("CRITICAL", null, "kwok-node-0"),
        at("HIGH", "billing", "invoice-1"),
        at("HIGH", "shop", "cart-2"),
        at("LOW", null, "kwok-node-1"),
      ]),
      view,
    );
    expect(embed.description?.split("\n")[0]).toBe("**5 findings** in the whole cluster on shared.");
    expect(embed.fields).toEqual([
      { name: "📁 shop", value: "🔴 CRITICAL problem · Pod `cart-1`\n🟠 HIGH problem · Pod `cart-2`" },
      {
        name: "🌐 Cluster-wide",
        value: "🔴 CRITICAL problem · Node `kwok-node-0`\n🔵 LOW problem · Node `kwok-node-1`",
      },
      { name: "📁 billing", value: "🟠 HIGH problem · Pod `invoice-1`" },
    ]);
  });

  it("stays within Discord's limits, shows a prefix of the API's list, and counts the rest", () => {
    // 500 returned of 700 (the API's cap), over 40 namespaces, long titles and names.
    const findings = Array.from({ length: 500 }, (_, i) =>
      finding({
        severity: i < 100 ? "CRITICAL" : "HIGH",
        title: `Finding ${i} ${"t".repeat(180)}`,
        target: { kind: "Pod", namespace: `ns-${i % 40}`, name: `pod-${i}-${"p".repeat(200)}` },
      }),
    );
    const embed = renderHealth(
      pass(findings, { total: 700, bySeverity: { CRITICAL: 100, HIGH: 600, MEDIUM: 0, LOW: 0 } }),
      { ...view, webUrl: `${WEB}/` },
    );
    const fields = embed.fields ?? [];
    expect(fields.length).toBeGreaterThan(0);
    expect(fields.length).toBeLessThanOrEqual(25);
    for (const f of fields) expect(f.value.length).toBeLessThanOrEqual(1024);
    expect(embedSize(embed)).toBeLessThanOrEqual(6000);
    const lines = fields.flatMap((f) => f.value.split("\n"));
    expect(lines.map((l) => l.split(" ")[2])).toEqual(lines.map((_, i) => String(i)));
    expect(embed.description?.split("\n")).toEqual([
      "**700 findings** in the whole cluster on shared.",
      "🔴 CRITICAL 100 · 🟠 HIGH 600 · 🟡 MEDIUM 0 · 🔵 LOW 0",
      `…and ${700 - lines.length} more: see [the web page](${WEB}/clusters/${CLUSTER}/health).`,
    ]);

    // One namespace with many findings: it goes on in the next fields, still within the limits.
    const many = Array.from({ length: 80 }, (_, i) =>
      finding({ title: `Small ${i}`, target: { kind: "Pod", namespace: NS, name: `p-${i}` } }),
    );
    const one = renderHealth(pass(many, { scope: { kind: "namespaces", namespaces: [NS] } }), view);
    expect(one.fields?.map((f) => f.name)).toEqual([`📁 ${NS}`, `📁 ${NS} (continued)`]);
    expect(one.fields?.flatMap((f) => f.value.split("\n"))).toHaveLength(80);
    expect(one.description?.split("\n")).toHaveLength(2);

    // Forty namespaces with one small finding each: 25 fields, the rest counted.
    const spread = Array.from({ length: 40 }, (_, i) =>
      finding({ title: `Small ${i}`, target: { kind: "Pod", namespace: `ns-${i}`, name: `p-${i}` } }),
    );
    const capped = renderHealth(pass(spread), view);
    expect(capped.fields).toHaveLength(25);
    expect(capped.fields?.[24]).toEqual({ name: "📁 ns-24", value: "🔴 Small 24 · Pod `p-24`" });
    expect(capped.description?.split("\n")[2]).toBe(
      "…and 15 more: see the cluster's Health page in the web dashboard.",
    );
  });

  it("says a clean pass is clean and names the kinds it could not read", () => {
    const embed = renderHealth(
      pass([], { scope: { kind: "namespaces", namespaces: ["a", "b"] }, unread: ["nodes"] }),
      view,
    );
    expect(embed.color).toBe(0x2ea043);
    expect(embed.fields).toBeUndefined();
    expect(embed.description).toBe(
      "✅ No problems found in your 2 namespaces `a`, `b` on shared.\n" +
        "Could not read `nodes` (your role may not, or the cluster did not answer): a problem there would not show up.",
    );
    expect(healthPageUrl(`${WEB}/`, CLUSTER)).toBe(`${WEB}/clusters/${CLUSTER}/health`);
  });
});

describe("/diagnose definition", () => {
  it("takes pod, deployment or node, then namespace and cluster, all autocompleted, and a free-text question", () => {
    const options = diagnoseCommand.definition.options ?? [];
    expect(options.map((o) => [o.name, "required" in o ? Boolean(o.required) : false])).toEqual([
      ["pod", false],
      ["deployment", false],
      ["node", false],
      ["namespace", false],
      ["cluster", false],
      ["question", false],
    ]);
    const [question, ...targets] = [...options].reverse();
    expect(targets.every((o) => "autocomplete" in o && o.autocomplete)).toBe(true);
    expect(question && "max_length" in question ? question.max_length : 0).toBe(500);
    expect(diagnoseCommand.ephemeral).toBe(true);
    // People learn from the description that leaving the target out diagnoses the whole cluster.
    expect(diagnoseCommand.definition.description).toMatch(/whole cluster/);
    expect(diagnoseCommand.definition.description.length).toBeLessThanOrEqual(100);
  });
});
