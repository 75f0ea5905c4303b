/**
 * Each policy exists twice: a TS rule (audit, lint) and CEL in a
 * ValidatingAdmissionPolicy (admission). This test proves they agree: every
 * corpus manifest is server-side dry-run against the real API server with
 * the policy bound in Deny (Enforce) mode, and the verdict must equal the TS
 * rule's (and the corpus's hand-written expectation).
 *
 * All seven policies are bound at once, each from planPolicyObjects with an
 * exclusion label; a request carries the exclusion labels of the six other
 * policies, so exactly one policy judges it (and the exclusions are proven
 * to work too).
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PolicyKey, PolicyMode } from "@clustercord/contracts";
import { type Cluster, startCluster } from "@clustercord/testenv/cluster";
import { ApiException, KubeConfig, KubernetesObjectApi } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type KubeObject,
  type PolicyPlacement,
  parsePolicyAnswer,
  placementCovers,
  planPolicyObjects,
  policies,
} from "../src/index";
import { EXPECT_ANNOTATION, loadCorpus } from "./corpus";
import { fixedManifest } from "./corpus-fixes";

const NAMESPACE = "policy-agreement";
const skipLabel = (key: PolicyKey) => `agreement.clustercord.io/skip-${key}`;
const corpus = loadCorpus();

let cluster: Cluster;
let dataDir: string;
let api: KubernetesObjectApi;

/** The manifest as only `key` should judge it: in the test namespace, with the other policies' exclusion labels. */
function judgedBy(object: KubeObject, key: PolicyKey): KubeObject {
  const copy = structuredClone(object);
  const others = policies.filter((p) => p.key !== key).map((p) => [skipLabel(p.key), "true"]);
  copy.metadata = {
    ...copy.metadata,
    namespace: copy.metadata?.namespace ?? NAMESPACE,
    labels: { ...copy.metadata?.labels, ...Object.fromEntries(others) },
  };
  return copy;
}

type Verdict = { denied: false } | { denied: true; message: string };

/** Server-side dry-run create; a denial by clustercord-<key> is a violation, any other error fails the test. */
async function dryRun(object: KubeObject, key: PolicyKey): Promise<Verdict> {
  try {
    await api.create(
      judgedBy(object, key) as Parameters<KubernetesObjectApi["create"]>[0],
      undefined,
      "All",
      "clustercord",
    );
    return { denied: false };
  } catch (error) {
    const body = error instanceof ApiException ? String(error.body) : String(error);
    if (body.includes(`ValidatingAdmissionPolicy 'clustercord-${key}'`))
      return { denied: true, message: body };
    throw new Error(`${object.kind} ${object.metadata?.name} under ${key}: unexpected answer ${body}`);
  }
}

const allBad = corpus.find((c) => c.object.metadata?.name === "all-bad-pod")?.object as KubeObject;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "cc-policy-"));
  cluster = await startCluster({ dataDir });
  const kc = new KubeConfig();
  kc.loadFromFile(cluster.kubeconfigPath);
  api = KubernetesObjectApi.makeApiClient(kc);
  await api.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: NAMESPACE } });
  for (const p of policies) {
    const objects = planPolicyObjects({
      policy: p.key,
      mode: "Enforce",
      scope: { kind: "cluster" },
      exclusions: { labels: { [skipLabel(p.key)]: "true" } },
    });
    for (const o of objects)
      await api.create(structuredClone(o) as Parameters<KubernetesObjectApi["create"]>[0]);
  }
  // Policies reach the admission plugin through an informer: wait until each one denies.
  const deadline = Date.now() + 60_000;
  for (const p of policies) {
    while (!(await dryRun(allBad, p.key)).denied) {
      if (Date.now() > deadline) throw new Error(`policy ${p.key} never took effect`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}, 600_000);

afterAll(async () => {
  await cluster?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe("TS rules and CEL admission policies agree", () => {
  it("the corpus is the one the unit test checks (at least 60 manifests)", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(60);
    expect(allBad.metadata?.annotations?.[EXPECT_ANNOTATION]).toContain("no-privileged");
  });

  for (const policy of policies) {
    it(`${policy.key}: identical verdicts for every manifest`, async () => {
      const rows = [];
      for (const c of corpus) {
        const cel = await dryRun(c.object, policy.key);
        const ts = policy.rule.check(c.object, []).length > 0;
        rows.push({
          manifest: `${c.file} ${c.object.kind}/${c.object.metadata?.name}`,
          expected: c.expected.has(policy.key),
          ts,
          cel: cel.denied,
        });
        if (cel.denied)
          expect(cel.message, "the denial names the policy").toContain(`[policy ${policy.key}]`);
      }
      const disagreements = rows.filter((r) => r.ts !== r.cel || r.cel !== r.expected);
      expect(disagreements).toEqual([]);
      expect(rows.filter((r) => r.cel).length).toBeGreaterThan(0);
      expect(rows.filter((r) => !r.cel).length).toBeGreaterThan(0);
    });
  }

  for (const policy of policies) {
    it(`${policy.key}: the fix makes each violating manifest admissible`, async () => {
      const fixed = corpus
        .filter((c) => c.expected.has(policy.key))
        .map((c) => ({
          name: `${c.object.kind}/${c.object.metadata?.name}`,
          fixed: fixedManifest(policy.key, c.object),
        }))
        .filter((f): f is { name: string; fixed: KubeObject } => f.fixed !== null);
      expect(fixed.length).toBeGreaterThanOrEqual(5);
      const stillDenied = [];
      for (const f of fixed) if ((await dryRun(f.fixed, policy.key)).denied) stillDenied.push(f.name);
      expect(stillDenied).toEqual([]);
    });
  }

  it("the exclusion label lets a violating object through", async () => {
    const excluded = judgedBy(allBad, "no-privileged");
    excluded.metadata = {
      ...excluded.metadata,
      name: "excluded",
      labels: { ...excluded.metadata?.labels, [skipLabel("no-privileged")]: "true" },
    };
    await expect(
      api.create(excluded as Parameters<KubernetesObjectApi["create"]>[0], undefined, "All"),
    ).resolves.toMatchObject({ metadata: { name: "excluded" } });
  });
});

/** kubectl's own dry-run, for what client libraries drop: admission warnings arrive on stderr. */
function kubectlDryRun(object: KubeObject): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      cluster.binaries.kubectl,
      [`--kubeconfig=${cluster.kubeconfigPath}`, "create", "--dry-run=server", "-f", "-"],
      { timeout: 30_000 },
      (error, stdout, stderr) => resolve({ ok: !error, stdout, stderr }),
    );
    child.stdin?.end(JSON.stringify(object));
  });
}

/** Re-bind a policy in another mode or placement (the binding carries both; the policy its kube-system condition). */
async function rebind(key: PolicyKey, mode: PolicyMode, placement?: PolicyPlacement) {
  const [policy, binding] = planPolicyObjects({
    policy: key,
    mode,
    ...(placement ?? { scope: { kind: "cluster" }, exclusions: { labels: { [skipLabel(key)]: "true" } } }),
  });
  await api.delete({
    apiVersion: policy.apiVersion,
    kind: policy.kind,
    metadata: { name: policy.metadata.name },
  });
  await api.create(structuredClone(policy) as Parameters<KubernetesObjectApi["create"]>[0]);
  await api.delete({
    apiVersion: binding.apiVersion,
    kind: binding.kind,
    metadata: { name: binding.metadata.name },
  });
  await api.create(structuredClone(binding) as Parameters<KubernetesObjectApi["create"]>[0]);
}

async function until<T>(what: string, probe: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const v = await probe();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe("the guide's modes on the real API server", () => {
  it("Enforce refuses with the policy's message, Warn admits with it as a warning, Audit admits silently", async () => {
    const latest = corpus.find((c) => c.object.metadata?.name === "tag-latest")?.object as KubeObject;
    const object = judgedBy(latest, "no-latest-tag");
    const message =
      "images must name a specific version: a tag other than latest, or a digest [policy no-latest-tag]";

    const enforce = await kubectlDryRun(object);
    expect(enforce.ok).toBe(false);
    expect(enforce.stderr).toContain("ValidatingAdmissionPolicy 'clustercord-no-latest-tag'");
    expect(enforce.stderr).toContain(message);
    expect(
      parsePolicyAnswer(
        enforce.stderr.replace(/^Error from server \(Forbidden\): error when creating "STDIN": /, ""),
      ),
    ).toEqual({
      policy: "no-latest-tag",
      title: "Prevent latest tag",
      severity: "MEDIUM",
      action: "deny",
      message: message.replace(" [policy no-latest-tag]", ""),
    });

    await rebind("no-latest-tag", "Warn");
    const warn = await until(
      "Warn",
      () => kubectlDryRun(object),
      (r) => r.ok,
    );
    expect(warn.stdout).toContain("created (server dry run)");
    expect(warn.stderr).toMatch(/^Warning: .*clustercord-no-latest-tag/m);
    expect(warn.stderr).toContain(message);
    const warning = warn.stderr.split("\n").find((l) => l.startsWith("Warning: ")) ?? "";
    expect(parsePolicyAnswer(warning.slice("Warning: ".length))).toMatchObject({
      policy: "no-latest-tag",
      action: "warn",
    });

    await rebind("no-latest-tag", "Audit");
    const audit = await until(
      "Audit",
      () => kubectlDryRun(object),
      (r) => r.ok && !r.stderr.includes("Warning"),
    );
    expect(audit.stdout).toContain("created (server dry run)");
  });
});

describe("the audit's placement matches admission's", () => {
  it("namespace selector, kube-system and exclusions judge the same objects", async () => {
    const namespaces: Record<string, Record<string, string>> = {
      "team-a": { team: "a" },
      "team-a-legacy": { team: "a" },
      "team-b": { team: "b" },
    };
    for (const [name, labels] of Object.entries(namespaces))
      await api.create({ apiVersion: "v1", kind: "Namespace", metadata: { name, labels } });
    const hostNet = corpus.find((c) => c.object.metadata?.name === "hostnet-true")?.object as KubeObject;
    const at = (namespace: string, labels: Record<string, string> = {}): KubeObject => ({
      ...structuredClone(hostNet),
      metadata: {
        name: `hostnet-${namespace}`,
        namespace,
        labels: { ...hostNet.metadata?.labels, ...labels },
      },
    });
    const objects = [
      at("team-a"),
      at("team-a", { exempt: "yes" }),
      at("team-a-legacy"),
      at("team-b"),
      at("kube-system"),
    ];
    const nsLabels = (ns: string) => namespaces[ns];

    // Placement, and which of the objects above it covers (team-a, team-a exempt, team-a-legacy, team-b, kube-system).
    const placements: [PolicyPlacement, boolean[]][] = [
      [
        {
          scope: { kind: "namespaces", selector: { matchLabels: { team: "a" } } },
          exclusions: { namespaces: ["team-a-legacy"], labels: { exempt: "yes" } },
        },
        [true, false, false, false, false],
      ],
      [{ scope: { kind: "cluster" } }, [true, true, true, true, false]],
      [{ scope: { kind: "cluster", includeKubeSystem: true } }, [true, true, true, true, true]],
    ];
    for (const [placement, covered] of placements) {
      const expected = objects.map((o) => placementCovers(o, placement, nsLabels));
      expect(expected).toEqual(covered);
      await rebind("no-host-network", "Enforce", placement);
      // Wait for the new binding to answer, then compare every object.
      await until(
        `placement ${JSON.stringify(placement)}`,
        async () => Promise.all(objects.map(async (o) => (await dryRun(o, "no-host-network")).denied)),
        (denied) => denied.every((d, i) => d === expected[i]),
      );
    }
  }, 120_000);
});
