import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type {
  ManifestApplyResult,
  ManifestFile,
  ManifestPlan,
  ManifestValidation,
} from "@clustercord/contracts";
import { planPolicyObjects } from "@clustercord/policy";
import { registerSecret } from "@clustercord/testenv/leak-check";
import { zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACME, ALICE, type ApiHarness, BETA, BOB, CAROL, startApiHarness } from "./harness";

const nsAcme = `clustercord-guild-${ACME}`;
const nsBeta = `clustercord-guild-${BETA}`;
const SECRET = registerSecret("s3cret-manifest-password-7f1c", "manifest Secret value");

let h: ApiHarness;
let shared: string;
let dedicated: string;
let workDir: string;

type Who = readonly [string, string];

beforeAll(async () => {
  h = await startApiHarness();
  shared = await h.addSharedCluster([BETA]);
  const added = await h.call<{ cluster: { id: string } }>("clusters.add", [ALICE, ACME], {
    input: { name: "dedicated", kubeconfig: h.kubeconfig, shared: false },
    mutation: true,
  });
  if (added.error) throw new Error(`clusters.add: ${added.error.message}`);
  dedicated = added.data.cluster.id;
  // CRDs and Namespaces are beyond Kubernetes' `admin` role: the cluster's owner grants Acme's admins more.
  await h.cluster.kubectl([
    "create",
    "clusterrolebinding",
    `clustercord-manifests-${ACME}`,
    "--clusterrole=cluster-admin",
    `--group=clustercord:guild:${ACME}:admin`,
  ]);
  workDir = await mkdtemp(join(tmpdir(), "cc-manifests-"));
}, 600_000);

afterAll(async () => {
  await h?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

const file = (name: string, content: string): ManifestFile => ({ name, encoding: "utf8", content });

const validate = (who: Who, clusterId: string, files: ManifestFile[], namespace?: string) =>
  h.call<ManifestValidation>("manifests.validate", who, {
    input: { clusterId, files, ...(namespace ? { namespace } : {}) },
    mutation: true,
  });

const planApply = (who: Who, clusterId: string, files: ManifestFile[], namespace?: string) =>
  h.call<ManifestPlan>("manifests.planApply", who, {
    input: { clusterId, files, ...(namespace ? { namespace } : {}) },
    mutation: true,
  });

const apply = (who: Who, clusterId: string, plan: { planId: string | null; confirmToken: string | null }) =>
  h.call<ManifestApplyResult>("manifests.apply", who, {
    input: { clusterId, planId: plan.planId, confirmToken: plan.confirmToken },
    mutation: true,
  });

/** Whether the object exists (read with the cluster's admin credentials). */
async function exists(...args: string[]) {
  try {
    await h.cluster.kubectl(["get", ...args, "-o", "name"]);
    return true;
  } catch (error) {
    if (/NotFound|not found/.test(String(error))) return false;
    throw error;
  }
}

const steps = (v: ManifestValidation) => v.steps.map((s) => `${s.step}:${s.status}`);
const findingsOf = (v: ManifestValidation, step: string) =>
  v.steps.find((s) => s.step === step)?.findings ?? [];

const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget}
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                size: {type: integer}
`;

const deployment = (replicas: number, namespace = "mf-team") => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: ${namespace}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: registry.example/api:1.0
`;

const batch = (replicas: number) => [
  file(
    "app.yaml",
    `${deployment(replicas)}---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w1
  namespace: mf-team
spec:
  size: 3
---
apiVersion: v1
kind: Namespace
metadata:
  name: mf-team
`,
  ),
  file("crd.yaml", crd),
];

describe("validate, plan and apply a batch in order", () => {
  it("validates a CRD, a Namespace, a Deployment and a custom resource: six steps, objects in apply order, diffs", async () => {
    const res = await validate([ALICE, ACME], dedicated, batch(2));
    expect(res.error, JSON.stringify(res.error)).toBeUndefined();
    const v = res.data;
    expect(steps(v)).toEqual([
      "parse:passed",
      "schema:passed",
      "dryRun:passed",
      expect.stringMatching(/^lint:(passed|warnings)$/),
      "diff:passed",
      "apply:skipped",
    ]);
    expect(v.ok).toBe(true);
    expect(v.objects.map((o) => `${o.order} ${o.kind} ${o.namespace ?? "-"}/${o.name} ${o.change}`)).toEqual([
      "0 CustomResourceDefinition -/widgets.example.com created",
      "1 Namespace -/mf-team created",
      "2 Deployment mf-team/api created",
      "3 Widget mf-team/w1 created",
    ]);
    // The objects whose kind or namespace the batch creates are dry-run when applied.
    expect(findingsOf(v, "dryRun").map((f) => [f.level, f.message])).toEqual([
      ["info", "Deployment mf-team/api: dry-run after its Namespace mf-team is applied"],
      ["info", "Widget mf-team/w1: dry-run after its CustomResourceDefinition is applied"],
    ]);
    const api = v.objects.find((o) => o.kind === "Deployment");
    expect(api?.diff).toContain("+  replicas: 2");
    expect(api?.diff).toContain(`clustercord.io/created-by: "${ALICE}"`);
    expect(api).toMatchObject({ file: "app.yaml", document: 1 });
    expect(v.counts).toMatchObject({ files: 2, documents: 4, objects: 4, errors: 0, created: 4 });
    // Lint looked at the Deployment (no limits, no probes).
    expect(findingsOf(v, "lint").some((f) => f.object === "Deployment mf-team/api")).toBe(true);
    // Validate changes nothing.
    expect(await exists("namespace", "mf-team")).toBe(false);
  });

  it("plans, applies in order (waiting for the CRD), then re-plans as unchanged and shows a replica change", async () => {
    const plan = await planApply([ALICE, ACME], dedicated, batch(2));
    expect(plan.error, JSON.stringify(plan.error)).toBeUndefined();
    expect(plan.data.planId).toBeTruthy();
    const applied = await apply([ALICE, ACME], dedicated, plan.data);
    expect(applied.error, JSON.stringify(applied.error)).toBeUndefined();
    expect(applied.data).toMatchObject({ status: "applied", message: "Applied 4 objects.", deniedBy: null });
    expect(applied.data.objects.map((o) => `${o.kind}:${o.result}`)).toEqual([
      "CustomResourceDefinition:applied",
      "Namespace:applied",
      "Deployment:applied",
      "Widget:applied",
    ]);
    expect(
      await h.cluster.kubectl(["get", "widget", "w1", "-n", "mf-team", "-o", "jsonpath={.spec.size}"]),
    ).toBe("3");
    const labels = JSON.parse(
      await h.cluster.kubectl([
        "get",
        "deployment",
        "api",
        "-n",
        "mf-team",
        "-o",
        "jsonpath={.spec.template.metadata.labels}",
      ]),
    );
    expect(labels["clustercord.io/created-by"]).toBe(ALICE);

    const again = await validate([ALICE, ACME], dedicated, batch(2));
    expect(again.data.objects.map((o) => o.change)).toEqual([
      "unchanged",
      "unchanged",
      "unchanged",
      "unchanged",
    ]);
    expect(findingsOf(again.data, "dryRun").filter((f) => f.level !== "warning")).toEqual([]);

    const scaled = await validate([ALICE, ACME], dedicated, batch(3));
    const api = scaled.data.objects.find((o) => o.kind === "Deployment");
    expect(api?.change).toBe("changed");
    expect(api?.diff).toContain("-  replicas: 2");
    expect(api?.diff).toContain("+  replicas: 3");
    expect(scaled.data.counts).toMatchObject({ changed: 1, unchanged: 3 });
  });

  it("stops at the first failure and says exactly what was applied, what failed and what was not attempted", async () => {
    const objects = ["one", "two", "three"]
      .map((n) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: stop-${n}\ndata:\n  k: from-batch\n`)
      .concat("apiVersion: v1\nkind: Service\nmetadata:\n  name: stop-svc\nspec:\n  ports: [{port: 80}]\n")
      .join("---\n");
    const plan = await planApply([ALICE, ACME], dedicated, [file("stop.yaml", objects)], "mf-team");
    expect(plan.data.planId).toBeTruthy();
    // Between plan and apply someone else takes the second object's field.
    await h.cluster.kubectl(["create", "configmap", "stop-two", "-n", "mf-team", "--from-literal=k=theirs"]);
    const res = await apply([ALICE, ACME], dedicated, plan.data);
    expect(res.error, JSON.stringify(res.error)).toBeUndefined();
    expect(res.data.status).toBe("failed");
    expect(res.data.message).toBe(
      "Stopped at ConfigMap mf-team/stop-two: 1 applied, 1 failed, 2 not attempted.",
    );
    expect(res.data.objects.map((o) => [o.name, o.result])).toEqual([
      ["stop-one", "applied"],
      ["stop-two", "failed"],
      ["stop-three", "not-attempted"],
      ["stop-svc", "not-attempted"],
    ]);
    // Not forced: the conflict names the other field manager.
    expect(res.data.objects[1]?.message).toMatch(/conflict with "kubectl-create"/);
    expect(await exists("configmap", "stop-three", "-n", "mf-team")).toBe(false);
    expect(await exists("service", "stop-svc", "-n", "mf-team")).toBe(false);
  });
});

describe("bad input: each refused with its message, nothing applied", () => {
  const refusedAt = async (files: ManifestFile[], step: "parse" | "schema") => {
    const res = await validate([BOB, ACME], dedicated, files, "mf-team");
    expect(res.error, JSON.stringify(res.error)).toBeUndefined();
    expect(res.data.ok).toBe(false);
    expect(res.data.steps.find((s) => s.step === step)?.status).toBe("failed");
    expect(res.data.steps.find((s) => s.step === "dryRun")?.status).toBe("skipped");
    return findingsOf(res.data, step).filter((f) => f.level === "error");
  };

  it("malformed YAML: file, document and line", async () => {
    const [f] = await refusedAt(
      [file("broken.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n---\ndata: [1, 2\n")],
      "parse",
    );
    expect(f).toMatchObject({ file: "broken.yaml", document: 2, line: expect.any(Number) });
  });

  it("more than 1 MiB is refused at the edge, before it is parsed", async () => {
    const res = await validate([BOB, ACME], dedicated, [
      file("big.yaml", `# ${"x".repeat(1024 * 1024 + 10)}`),
    ]);
    expect(res.status).toBe(413);
    expect(res.error?.message).toBe("The request body is over 1 MiB.");
  });

  it("1,000 documents", async () => {
    const docs = Array.from(
      { length: 1000 },
      (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\n`,
    );
    const [f] = await refusedAt([file("many.yaml", docs.join("---\n"))], "parse");
    expect(f?.message).toContain("1000 documents; at most 500");
  });

  it("an unknown kind, and a schema error on its line", async () => {
    const unknown = await refusedAt(
      [file("odd.yaml", "apiVersion: example.com/v1\nkind: Gadget\nmetadata:\n  name: g\n")],
      "schema",
    );
    expect(unknown[0]).toMatchObject({ file: "odd.yaml", document: 1, line: 2 });
    expect(unknown[0]?.message).toContain("unknown kind Gadget in apiVersion example.com/v1");
    const typo = deployment(2, "mf-team").replace("  replicas: 2", "  replicas2: 2");
    const [f] = await refusedAt([file("typo.yaml", typo)], "schema");
    expect(f).toMatchObject({ file: "typo.yaml", document: 1, line: 7 });
    expect(f?.message).toContain('unknown field "spec.replicas2"');
  });

  it("a zip with ../ and a zip bomb", async () => {
    const traversal = zipSync({
      "../evil.yaml": new TextEncoder().encode("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: evil\n"),
    });
    const [t] = await refusedAt(
      [{ name: "bundle.zip", encoding: "base64", content: Buffer.from(traversal).toString("base64") }],
      "parse",
    );
    expect(t?.file).toContain("bundle.zip");
    expect(t?.message).toMatch(/\.\.\//);
    const bomb = zipSync({ "zeros.yaml": new Uint8Array(50 * 1024 * 1024) }, { level: 9 });
    const [b] = await refusedAt(
      [{ name: "bomb.zip", encoding: "base64", content: Buffer.from(bomb).toString("base64") }],
      "parse",
    );
    expect(b?.file).toContain("bomb.zip");
    expect(b?.message).toMatch(/1 MiB|larger/);
    expect(await exists("configmap", "evil", "-n", "mf-team")).toBe(false);
  });
});

describe("tenancy on a shared cluster", () => {
  const foreign = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: sneaky\n  namespace: ${nsAcme}\n`;
  const clusterRole =
    "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: sneaky\nrules: []\n";

  it("refuses another guild's namespace and a cluster-scoped object at plan time", async () => {
    const res = await planApply([CAROL, BETA], shared, [
      file("sneaky.yaml", `${foreign}---\n${clusterRole}`),
    ]);
    expect(res.error, JSON.stringify(res.error)).toBeUndefined();
    expect(res.data).toMatchObject({ ok: false, planId: null, confirmToken: null });
    expect(findingsOf(res.data, "schema").map((f) => [f.document, f.message])).toEqual([
      [1, `namespace ${nsAcme} is not yours on this cluster`],
      [
        2,
        "ClusterRole sneaky is cluster-scoped; tenants of a shared cluster cannot create cluster-scoped objects",
      ],
    ]);
    // Their own namespace is the default there.
    const own = await validate([CAROL, BETA], shared, [
      file("own.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: mine\n"),
    ]);
    expect(own.data.namespace).toBe(nsBeta);
    expect(own.data.objects[0]?.namespace).toBe(nsBeta);
    expect(own.data.ok).toBe(true);
  });

  it("and Kubernetes refuses the same when asked directly as the tenant", async () => {
    const as = ["--as", `clustercord:discord:${CAROL}`, "--as-group", `clustercord:guild:${BETA}:admin`];
    await expect(h.cluster.kubectl(["create", "configmap", "sneaky", "-n", nsAcme, ...as])).rejects.toThrow(
      /forbidden/,
    );
    await expect(
      h.cluster.kubectl(["create", "clusterrole", "sneaky", "--verb=get", "--resource=pods", ...as]),
    ).rejects.toThrow(/forbidden/);
    expect(await exists("configmap", "sneaky", "-n", nsAcme)).toBe(false);
  });
});

describe("ClusterCord policies at admission", () => {
  const workload = (name: string, securityContext: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: mf-policy
spec:
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
        - name: main
          image: registry.example/app:1.0
          securityContext: ${securityContext}
`;

  beforeAll(async () => {
    await h.cluster.kubectl(["create", "namespace", "mf-policy"]);
    const scope = {
      kind: "namespaces" as const,
      selector: { matchLabels: { "kubernetes.io/metadata.name": "mf-policy" } },
    };
    const objects = [
      ...planPolicyObjects({ policy: "read-only-root-fs", mode: "Warn", scope }),
      ...planPolicyObjects({ policy: "no-privileged", mode: "Enforce", scope }),
    ];
    const path = join(workDir, "policies.json");
    await writeFile(path, JSON.stringify({ apiVersion: "v1", kind: "List", items: objects }));
    await h.cluster.kubectl(["apply", "--server-side", "-f", path]);
  });

  /** Admission policies take effect a moment after they are created: ask until the answer shows. */
  async function until<T>(ask: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const value = await ask();
      if (ok(value) || Date.now() > deadline) return value;
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  it("Warn: the warning names the policy in the dry-run step and in the apply's warnings", async () => {
    const files = [file("warn.yaml", workload("writable", "{readOnlyRootFilesystem: false}"))];
    const res = await until(
      () => validate([ALICE, ACME], dedicated, files),
      (r) => findingsOf(r.data, "dryRun").some((f) => f.policy === "read-only-root-fs"),
    );
    const warning = findingsOf(res.data, "dryRun").find((f) => f.policy === "read-only-root-fs");
    expect(warning).toMatchObject({
      level: "warning",
      object: "Deployment mf-policy/writable",
      file: "warn.yaml",
    });
    expect(res.data.ok).toBe(true);
    const plan = await planApply([ALICE, ACME], dedicated, files);
    const applied = await apply([ALICE, ACME], dedicated, plan.data);
    expect(applied.data.status).toBe("applied");
    expect(
      applied.data.warnings.some(
        (w) => w.startsWith("Deployment mf-policy/writable: ") && w.includes("clustercord-read-only-root-fs"),
      ),
    ).toBe(true);
  });

  it("Enforce: the dry-run error names the policy and its fix; nothing can be planned or applied", async () => {
    const files = [file("deny.yaml", workload("root", "{privileged: true, readOnlyRootFilesystem: true}"))];
    const res = await until(
      () => planApply([ALICE, ACME], dedicated, files),
      (r) => findingsOf(r.data, "dryRun").some((f) => f.policy === "no-privileged"),
    );
    expect(steps(res.data).slice(0, 3)).toEqual(["parse:passed", "schema:passed", "dryRun:failed"]);
    const denied = findingsOf(res.data, "dryRun").find((f) => f.policy === "no-privileged");
    expect(denied).toMatchObject({ level: "error", object: "Deployment mf-policy/root" });
    expect(denied?.message).toContain("clustercord-no-privileged");
    expect(denied?.fix?.length).toBeGreaterThan(0);
    expect(res.data).toMatchObject({ ok: false, planId: null, confirmToken: null });
    expect(await exists("deployment", "root", "-n", "mf-policy")).toBe(false);
  });
});

describe("the confirmation token", () => {
  const one = (name: string) => [
    file(`${name}.yaml`, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`),
  ];

  it("refuses another person, another guild, another plan's token and a second apply", async () => {
    const a = (await planApply([ALICE, ACME], dedicated, one("token-a"), "mf-team")).data;
    const b = (await planApply([ALICE, ACME], dedicated, one("token-b"), "mf-team")).data;
    const byBob = await apply([BOB, ACME], dedicated, a);
    expect(byBob.status).toBe(403);
    expect(byBob.error?.message).toBe("That confirmation is not valid for this action; start again.");
    // Beta cannot even see Acme's dedicated cluster.
    expect((await apply([CAROL, BETA], dedicated, a)).status).toBe(404);
    const swapped = await apply([ALICE, ACME], dedicated, { planId: b.planId, confirmToken: a.confirmToken });
    expect(swapped.status).toBe(403);
    expect(await exists("configmap", "token-a", "-n", "mf-team")).toBe(false);
    expect(await exists("configmap", "token-b", "-n", "mf-team")).toBe(false);

    expect((await apply([ALICE, ACME], dedicated, a)).data.status).toBe("applied");
    const twice = await apply([ALICE, ACME], dedicated, a);
    expect(twice.status).toBe(409);
    expect(twice.error?.message).toBe(
      "That plan was already applied (or has expired); plan again to apply it.",
    );
  });
});

describe("Secrets in a batch", () => {
  it("never show their values in the diff, the results, the audit rows or the logs", async () => {
    const secret = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db-password\nstringData:\n  password: ${SECRET}\n`;
    const plan = await planApply([ALICE, ACME], dedicated, [file("secret.yaml", secret)], "mf-team");
    expect(plan.error, JSON.stringify(plan.error)).toBeUndefined();
    const diff = plan.data.objects[0]?.diff ?? "";
    expect(diff).toContain("password:");
    const applied = await apply([ALICE, ACME], dedicated, plan.data);
    expect(applied.data.status).toBe("applied");
    const changed = await validate(
      [ALICE, ACME],
      dedicated,
      [file("secret.yaml", secret.replace(SECRET, `${SECRET}-2`))],
      "mf-team",
    );
    expect(changed.data.objects[0]?.change).toBe("changed");
    const b64 = Buffer.from(SECRET).toString("base64");
    for (const text of [
      JSON.stringify(plan.data),
      JSON.stringify(applied.data),
      JSON.stringify(changed.data),
      JSON.stringify(await h.db.prisma.auditLog.findMany(), (_k, v) =>
        typeof v === "bigint" ? String(v) : v,
      ),
      JSON.stringify(await h.db.prisma.applyPlan.findMany()),
      h.logged(),
    ]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(b64);
    }
    expect(
      Buffer.from(
        await h.cluster.kubectl([
          "get",
          "secret",
          "db-password",
          "-n",
          "mf-team",
          "-o",
          "jsonpath={.data.password}",
        ]),
        "base64",
      ).toString(),
    ).toBe(SECRET);
  });
});
