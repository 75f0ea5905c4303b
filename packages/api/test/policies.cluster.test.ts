/**
 * policies.* on the real API server: each of the seven policies in each mode
 * (objects created as the person), drift, who may change policies, the
 * background audit, violations per person, reports and fixes.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import {
  type ManifestApplyResult,
  type PoliciesAuditOutput,
  type PoliciesListOutput,
  type PoliciesReportOutput,
  type PoliciesViolationsOutput,
  type PolicyFixPlan,
  type PolicyKey,
  type PolicyMode,
  PolicyReport,
  type PolicyState,
} from "@clustercord/contracts";
import { GUILD_LABEL } from "@clustercord/kube";
import type { KubeObject } from "@clustercord/policy";
import { AdmissionregistrationV1Api, KubeConfig } from "@kubernetes/client-node";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { loadCorpus } from "../../policy/test/corpus";
import { ACME, ALICE, type ApiHarness, BETA, BOB, CAROL, startApiHarness } from "./harness";

const run = promisify(execFile);
/** Acme's extra namespace with no Pod Security labels (privileged and hostNetwork pods get as far as the policies). */
const MODES_NS = "policy-modes";
const nsBeta = `clustercord-guild-${BETA}`;

let h: ApiHarness;
let clusterId: string;
let admin: KubeConfig;

type Who = readonly [string, string];
const alice: Who = [ALICE, ACME];
const bob: Who = [BOB, ACME];

const mutate = <T>(procedure: string, who: Who, input: Record<string, unknown>) =>
  h.call<T>(procedure, who, { input: { clusterId, ...input }, mutation: true });
const query = <T>(procedure: string, who: Who, input: Record<string, unknown> = {}) =>
  h.call<T>(procedure, who, { input: { clusterId, ...input } });

async function ok<T>(answer: Promise<{ status: number; data: T; error?: { message: string } | undefined }>) {
  const res = await answer;
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${res.error?.message}`);
  return res.data;
}

/** kubectl as a person (impersonated as ClusterCord does): stdout, stderr (warnings) and whether it was admitted. */
async function kubectlAs(who: Who, role: string, args: string[], input: string) {
  const child = run(
    h.cluster.binaries.kubectl,
    [
      "--kubeconfig",
      h.cluster.kubeconfigPath,
      `--as=clustercord:discord:${who[0]}`,
      `--as-group=clustercord:guild:${who[1]}:${role}`,
      ...args,
    ],
    { encoding: "utf8" },
  );
  child.child.stdin?.end(input);
  try {
    const { stdout, stderr } = await child;
    return { admitted: true, stdout, stderr };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { admitted: false, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

/** One violating Pod per policy from the agreement corpus (violating that policy and no other). */
const corpus = loadCorpus();
function violatingPod(key: PolicyKey): KubeObject {
  const found = corpus.find((c) => c.object.kind === "Pod" && c.expected.size === 1 && c.expected.has(key));
  if (!found) throw new Error(`no Pod in the corpus violates only ${key}`);
  return found.object;
}
const named = (object: KubeObject, name: string, namespace = MODES_NS): KubeObject => ({
  ...structuredClone(object),
  metadata: { name, namespace, labels: { ...object.metadata?.labels, app: name } },
});

/** The answer a server-side dry run gives now: refused, warned, or admitted quietly. */
async function verdict(object: KubeObject) {
  const r = await kubectlAs(
    bob,
    "operator",
    ["create", "--dry-run=server", "-f", "-", "-o", "name"],
    stringify(object),
  );
  return r.admitted ? (r.stderr.includes("Warning") ? "warned" : "admitted") : "refused";
}

/** Waits until a binding change takes effect on the API server (within ~1 s; deadline 20 s). */
async function until(object: KubeObject, expected: "refused" | "warned" | "admitted") {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const now = await verdict(object);
    if (now === expected) return;
    if (Date.now() > deadline) throw new Error(`still ${now}, expected ${expected}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Runs audits until `check` passes (the caches see a new object within moments); deadline 20 s. */
async function auditUntil(who: Who, check: (v: PoliciesViolationsOutput) => boolean, input = {}) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    await ok(mutate<PoliciesAuditOutput>("policies.audit", bob, {}));
    const v = await ok(query<PoliciesViolationsOutput>("policies.violations", who, input));
    if (check(v)) return v;
    if (Date.now() > deadline) throw new Error(`violations never matched: ${JSON.stringify(v.violations)}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

beforeAll(async () => {
  h = await startApiHarness();
  clusterId = await h.addSharedCluster([BETA]);
  admin = new KubeConfig();
  admin.loadFromFile(h.cluster.kubeconfigPath);
  // An Acme namespace without Pod Security labels, where Acme's operators may create pods.
  await h.cluster.kubectl(
    ["apply", "-f", "-"],
    stringify({
      apiVersion: "v1",
      kind: "List",
      items: [
        {
          apiVersion: "v1",
          kind: "Namespace",
          metadata: { name: MODES_NS, labels: { [GUILD_LABEL]: ACME } },
        },
        {
          apiVersion: "rbac.authorization.k8s.io/v1",
          kind: "RoleBinding",
          metadata: { name: "acme-operators", namespace: MODES_NS },
          roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "edit" },
          subjects: [
            {
              kind: "Group",
              name: `clustercord:guild:${ACME}:operator`,
              apiGroup: "rbac.authorization.k8s.io",
            },
            { kind: "Group", name: `clustercord:guild:${ACME}:admin`, apiGroup: "rbac.authorization.k8s.io" },
          ],
        },
      ],
    }),
  );
}, 600_000);

afterAll(async () => {
  await h?.close();
});

describe("each policy in each mode, on the real API server", () => {
  const keys: PolicyKey[] = [
    "require-limits",
    "require-probes",
    "no-privileged",
    "read-only-root-fs",
    "no-host-network",
    "no-latest-tag",
    "run-as-non-root",
  ];
  it.each(keys)("%s: Enforce refuses, Warn warns, Audit admits; the audit lists what got in", async (key) => {
    const pod = violatingPod(key);
    const probe = named(pod, `${key}-probe`);
    const create = (mode: string) =>
      kubectlAs(
        bob,
        "operator",
        ["create", "-f", "-", "-o", "name"],
        stringify(named(pod, `${key}-${mode}`)),
      );

    const enabled = await ok(mutate<PolicyState>("policies.enable", alice, { policy: key, mode: "Enforce" }));
    expect(enabled).toMatchObject({ key, enabled: true, mode: "Enforce", drift: null });
    expect(enabled.scope).toEqual({
      kind: "namespaces",
      selector: { matchExpressions: [{ key: GUILD_LABEL, operator: "Exists" }] },
    });
    await until(probe, "refused");
    const refused = await create("enforce");
    expect(refused.admitted).toBe(false);
    expect(refused.stderr).toContain(`ValidatingAdmissionPolicy 'clustercord-${key}'`);
    expect(refused.stderr).toContain(`[policy ${key}]`);

    await ok(
      mutate<PolicyState>("policies.setMode", alice, { policy: key, mode: "Warn" satisfies PolicyMode }),
    );
    await until(probe, "warned");
    const warned = await create("warn");
    expect(warned.admitted).toBe(true);
    expect(warned.stderr).toMatch(/Warning: .*\[policy /);
    expect(warned.stderr).toContain(`[policy ${key}]`);

    await ok(mutate<PolicyState>("policies.setMode", alice, { policy: key, mode: "Audit" }));
    await until(probe, "admitted");
    const audited = await create("audit");
    expect(audited.admitted).toBe(true);
    expect(audited.stderr).not.toContain("Warning");

    const found = await auditUntil(
      bob,
      (v) => [`${key}-warn`, `${key}-audit`].every((n) => v.violations.some((x) => x.name === n)),
      { policy: key },
    );
    expect(found.violations.every((v) => v.policy === key && v.resolvedAt === null)).toBe(true);
    expect(found.violations.map((v) => v.name)).not.toContain(`${key}-enforce`);

    // Disabling deletes the objects and resolves the policy's violations.
    const off = await ok(mutate<PolicyState>("policies.disable", alice, { policy: key }));
    expect(off).toMatchObject({ enabled: false, objects: [], drift: null });
    expect(
      (await ok(query<PoliciesViolationsOutput>("policies.violations", bob, { policy: key }))).violations,
    ).toEqual([]);
    await until(probe, "admitted");
  });
});

describe("drift, permissions and visibility", () => {
  it("shows a binding edited outside ClusterCord as drift; enabling again repairs it", async () => {
    await ok(mutate("policies.enable", alice, { policy: "no-latest-tag", mode: "Enforce" }));
    const api = admin.makeApiClient(AdmissionregistrationV1Api);
    const binding = await api.readValidatingAdmissionPolicyBinding({ name: "clustercord-no-latest-tag" });
    binding.spec = { ...binding.spec, validationActions: ["Audit"] };
    await api.replaceValidatingAdmissionPolicyBinding({ name: "clustercord-no-latest-tag", body: binding });

    const list = await ok(query<PoliciesListOutput>("policies.list", alice));
    const drifted = list.policies.find((p) => p.key === "no-latest-tag");
    expect(drifted?.drift).toContain(
      "the binding's validationActions were changed to [Audit] outside ClusterCord",
    );

    await api.deleteValidatingAdmissionPolicy({ name: "clustercord-no-latest-tag" });
    const gone = (await ok(query<PoliciesListOutput>("policies.list", alice))).policies.find(
      (p) => p.key === "no-latest-tag",
    );
    expect(gone?.drift).toContain("the ValidatingAdmissionPolicy was deleted outside ClusterCord");

    const repaired = await ok(
      mutate<PolicyState>("policies.enable", alice, { policy: "no-latest-tag", mode: "Enforce" }),
    );
    expect(repaired.drift).toBeNull();
    await until(named(violatingPod("no-latest-tag"), "latest-probe"), "refused");
  });

  it("refuses changes from viewers, operators and a tenant's admins, with the reason", async () => {
    for (const [who, text] of [
      [[CAROL, ACME], "needs the admin role"],
      [bob, "needs the admin role"],
      [[CAROL, BETA], "Only the admins of the server that added this shared cluster"],
    ] as const) {
      for (const [procedure, input] of [
        ["policies.enable", { policy: "require-probes", mode: "Audit" }],
        ["policies.setMode", { policy: "no-latest-tag", mode: "Audit" }],
        ["policies.disable", { policy: "no-latest-tag" }],
      ] as const) {
        const res = await mutate(procedure, who, input);
        expect(res.status, `${procedure} as ${who.join("/")}`).toBe(403);
        expect(res.error?.data.userMessage).toContain(text);
      }
    }
    // The tenant sees what applies to it, and may not manage it.
    const tenant = await ok(query<PoliciesListOutput>("policies.list", [CAROL, BETA]));
    expect(tenant.canManage).toBe(false);
    expect(tenant.policies.find((p) => p.key === "no-latest-tag")).toMatchObject({
      enabled: true,
      mode: "Enforce",
    });
    expect((await ok(query<PoliciesListOutput>("policies.list", alice))).canManage).toBe(true);
  });

  it("shows each guild only its own namespaces' violations", async () => {
    await ok(mutate("policies.enable", alice, { policy: "require-limits", mode: "Audit" }));
    // Beta's first use of the cluster sets up its namespace.
    await ok(query<PoliciesListOutput>("policies.list", [CAROL, BETA]));
    const deployment = (name: string, namespace: string) => ({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name, namespace },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: { containers: [{ name, image: "nginx:1.27.3", ports: [{ containerPort: 8080 }] }] },
        },
      },
    });
    const beta = await kubectlAs(
      [CAROL, BETA],
      "admin",
      ["create", "-f", "-"],
      stringify(deployment("blog-nolimits", nsBeta)),
    );
    expect(beta.admitted, beta.stderr).toBe(true);
    const acme = await kubectlAs(
      bob,
      "operator",
      ["create", "-f", "-"],
      stringify(deployment("api-nolimits", MODES_NS)),
    );
    expect(acme.admitted, acme.stderr).toBe(true);

    const seenByBeta = await auditUntil(
      [CAROL, BETA],
      (v) => v.violations.some((x) => x.name === "blog-nolimits"),
      {
        policy: "require-limits",
      },
    );
    expect(seenByBeta.violations.every((v) => v.namespace === nsBeta)).toBe(true);
    // Its own pass: the one that showed Beta's Deployment may have run before Acme's reached the cache.
    const seenByAcme = await auditUntil(bob, (v) => v.violations.some((x) => x.name === "api-nolimits"), {
      policy: "require-limits",
    });
    expect(seenByAcme.violations.map((v) => v.name)).toContain("api-nolimits");
    expect(seenByAcme.violations.map((v) => v.name)).not.toContain("blog-nolimits");
    expect(seenByAcme.counts.HIGH + seenByAcme.counts.MEDIUM + seenByAcme.counts.CRITICAL).toBe(
      seenByAcme.violations.length,
    );
    expect(seenByAcme.lastAuditAt).not.toBeNull();
    const byWorkload = await ok(
      query<PoliciesViolationsOutput>("policies.violations", bob, { workload: "Deployment/api-nolimits" }),
    );
    expect(byWorkload.violations.map((v) => `${v.kind}/${v.name}`)).toEqual(["Deployment/api-nolimits"]);
  });
});

describe("reports", () => {
  const report = async (format: "pdf" | "json" | "csv") => {
    const r = await ok(query<PoliciesReportOutput>("policies.report", bob, { format }));
    return { ...r, body: Buffer.from(r.base64, "base64") };
  };

  it("JSON is a List of PolicyReports naming the violating workloads", async () => {
    const r = await report("json");
    expect(r.contentType).toBe("application/json");
    const list = JSON.parse(r.body.toString("utf8")) as { kind: string; items: unknown[] };
    expect(list.kind).toBe("List");
    const reports = list.items.map((item) => PolicyReport.parse(item));
    const names = reports.flatMap((p) => p.results.flatMap((x) => x.resources?.map((res) => res.name) ?? []));
    expect(names).toContain("api-nolimits");
    expect(names).not.toContain("blog-nolimits");
  });

  it("CSV has a row per violation", async () => {
    const r = await report("csv");
    expect(r.contentType).toBe("text/csv");
    expect(r.body.toString("utf8")).toContain("api-nolimits");
  });

  it("the PDF opens and its text lists the cluster, counts, violations and fixes", async () => {
    const r = await report("pdf");
    expect(r.body.subarray(0, 5).toString()).toBe("%PDF-");
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(r.body)), { mergePages: true });
    expect(text).toContain("Policy report");
    expect(text).toContain("Cluster: shared");
    expect(text).toMatch(/HIGH: \d+/);
    expect(text).toContain("api-nolimits");
    expect(text).toContain("Fix:");
    expect(r.violations).toBeGreaterThan(0);
  });
});

describe("fixes", () => {
  it("a Deployment without limits: violation, planFix, fix, audit: resolved", async () => {
    // No metrics here: the limits come from the namespace's LimitRange default.
    await h.cluster.kubectl(
      ["apply", "-f", "-"],
      stringify({
        apiVersion: "v1",
        kind: "LimitRange",
        metadata: { name: "defaults", namespace: MODES_NS },
        spec: { limits: [{ type: "Container", default: { cpu: "300m", memory: "192Mi" } }] },
      }),
    );
    const plan = await ok(
      mutate<PolicyFixPlan>("policies.planFix", bob, {
        policy: "require-limits",
        namespace: MODES_NS,
        workload: "Deployment/api-nolimits",
      }),
    );
    expect(plan.patch.length).toBeGreaterThan(0);
    expect(plan.diff).toMatch(/cpu: 300m/);
    expect(plan.diff).toMatch(/memory: 192Mi/);
    expect(plan.summary.join(" ")).toContain("resources.limits");
    const applied = await ok(
      mutate<ManifestApplyResult>("policies.fix", bob, {
        planId: plan.planId,
        confirmToken: plan.confirmToken,
      }),
    );
    expect(applied.status).toBe("applied");
    const after = await auditUntil(bob, (v) => !v.violations.some((x) => x.name === "api-nolimits"), {
      policy: "require-limits",
    });
    expect(after.violations.map((v) => v.name)).not.toContain("api-nolimits");
    const resolved = await ok(
      query<PoliciesViolationsOutput>("policies.violations", bob, {
        workload: "Deployment/api-nolimits",
        includeResolved: true,
      }),
    );
    expect(resolved.violations[0]?.resolvedAt).not.toBeNull();
  });

  it("a workload that does not violate the policy has nothing to fix", async () => {
    const res = await mutate("policies.planFix", bob, {
      policy: "no-host-network",
      namespace: MODES_NS,
      workload: "Deployment/api-nolimits",
    });
    expect(res.status).toBe(400);
    expect(res.error?.data.userMessage).toContain("does not violate no-host-network");
  });
});
