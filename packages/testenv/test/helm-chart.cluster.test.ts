/**
 * The Helm chart that runs ClusterCord itself (docker/helm/clustercord):
 * `helm lint`, then every rendered object sent to the local control plane's
 * API server as a server-side dry run (schema, defaulting and admission), then
 * one real install. Facts are read from what the API server answered.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type {
  V1Container,
  V1Deployment,
  V1EnvVar,
  V1Ingress,
  V1PodDisruptionBudget,
} from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Cluster, readVersions, repoRoot, startCluster } from "../src/cluster/index";
import { registerSecret } from "../src/leak-check";

const run = promisify(execFile);
const chartDir = join(repoRoot, "docker", "helm", "clustercord");
const NS = "clustercord";
const SECRET_NAME = "clustercord-secrets";
/** Every variable the chart must take from the existing Secret, never from values. */
const SECRET_VARIABLES = [
  "DATABASE_URL",
  "REDIS_URL",
  "AUTH_SECRET",
  "WORKER_SERVICE_TOKEN",
  "CLUSTERCORD_ENCRYPTION_KEYS",
  "DISCORD_CLIENT_SECRET",
  "DISCORD_BOT_TOKEN",
];

/** What an operator scaling out sets: 3 web replicas behind an Ingress with TLS, NetworkPolicies on. */
const scaledValues = {
  existingSecret: { name: SECRET_NAME },
  discord: { applicationId: "123456789012345678" },
  web: {
    replicaCount: 3,
    ingress: {
      enabled: true,
      className: "nginx",
      host: "clustercord.example.test",
      tlsSecretName: "clustercord-tls",
    },
  },
  jobs: { replicaCount: 2, extraEnv: [{ name: "AUDIT_RETENTION_DAYS", value: "90" }] },
  networkPolicy: {
    enabled: true,
    webIngressFrom: [
      { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } } },
    ],
  },
};

interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
}

let cluster: Cluster;
let workDir: string;
let helmEnv: NodeJS.ProcessEnv;

async function helm(args: string[]): Promise<string> {
  const { stdout } = await run(cluster.binaries.helm, args, { env: helmEnv, maxBuffer: 16 << 20 });
  return stdout;
}

/** Everything helm said when it refused (lint reports on stdout), or a failure if helm accepted. */
async function helmRefusal(args: string[]): Promise<string> {
  try {
    await helm(args);
  } catch (error) {
    const { stdout, stderr } = error as { stdout: string; stderr: string };
    return `${stdout}\n${stderr}`;
  }
  throw new Error(`helm ${args.join(" ")} succeeded but should have been refused`);
}

/**
 * `helm template` for this control plane's Kubernetes version (this helm build
 * would otherwise assume v1.20, below the chart's kubeVersion).
 */
const template = (...args: string[]) => [
  "template",
  "cc",
  chartDir,
  "--kube-version",
  readVersions().KUBERNETES_VERSION,
  ...args,
];

let valuesFiles = 0;
async function valuesFile(values: object): Promise<string> {
  const file = join(workDir, `values-${++valuesFiles}.json`); // JSON is YAML: helm reads it as is
  await writeFile(file, JSON.stringify(values));
  return file;
}

/** `helm template` of the chart, then `kubectl apply --dry-run=server`: the objects as the API server would store them. */
async function renderAndDryRun(values: object): Promise<KubeObject[]> {
  const manifest = await helm(template("-n", NS, "-f", await valuesFile(values)));
  const answer = await cluster.kubectl(
    ["apply", "--dry-run=server", "-n", NS, "-o", "json", "-f", "-"],
    manifest,
  );
  const parsed = JSON.parse(answer) as KubeObject & { items?: KubeObject[] };
  return parsed.kind === "List" ? (parsed.items ?? []) : [parsed];
}

const named = <T>(objects: KubeObject[], kind: string, name: string) => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found)
    throw new Error(`no ${kind} ${name} among ${objects.map((o) => `${o.kind}/${o.metadata.name}`)}`);
  return found as unknown as T;
};
const deployments = (objects: KubeObject[]) =>
  objects.filter((o) => o.kind === "Deployment") as unknown as V1Deployment[];
const containersOf = (d: V1Deployment): V1Container[] => [
  ...(d.spec?.template.spec?.initContainers ?? []),
  ...(d.spec?.template.spec?.containers ?? []),
];
const envOf = (d: V1Deployment, name: string): V1EnvVar | undefined =>
  d.spec?.template.spec?.containers[0]?.env?.find((e) => e.name === name);

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), "cc-helm-chart-"));
  cluster = await startCluster({ dataDir: join(workDir, "cluster") });
  helmEnv = {
    ...process.env,
    KUBECONFIG: cluster.kubeconfigPath,
    // helm's own state stays out of the user's ~/.config/helm.
    HELM_CACHE_HOME: join(workDir, "helm", "cache"),
    HELM_CONFIG_HOME: join(workDir, "helm", "config"),
    HELM_DATA_HOME: join(workDir, "helm", "data"),
  };
  await cluster.kubectl(["create", "namespace", NS]);
}, 600_000);

afterAll(async () => {
  await cluster?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe("helm lint", () => {
  it("passes with the default values", async () => {
    expect(await helm(["lint", "--strict", chartDir])).toContain("1 chart(s) linted, 0 chart(s) failed");
  });

  it("passes with 3 web replicas behind an Ingress and NetworkPolicies on", async () => {
    const out = await helm(["lint", "--strict", chartDir, "-f", await valuesFile(scaledValues)]);
    expect(out).toContain("1 chart(s) linted, 0 chart(s) failed");
  });
});

describe("server-side dry run into the local control plane", () => {
  it("the API server accepts the default chart: web x2 with a PodDisruptionBudget, worker x1, jobs x2", async () => {
    const objects = await renderAndDryRun({});
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      "Deployment/cc-clustercord-jobs",
      "Deployment/cc-clustercord-web",
      "Deployment/cc-clustercord-worker",
      "PodDisruptionBudget/cc-clustercord-web",
      "Service/cc-clustercord-web",
      "ServiceAccount/cc-clustercord",
    ]);
    const replicas = Object.fromEntries(
      deployments(objects).map((d) => [d.metadata?.name, d.spec?.replicas]),
    );
    expect(replicas).toEqual({
      "cc-clustercord-web": 2,
      "cc-clustercord-worker": 1,
      "cc-clustercord-jobs": 2,
    });
  });

  it("honours 3 web replicas, the Ingress with TLS and NetworkPolicies", async () => {
    const objects = await renderAndDryRun(scaledValues);
    const web = named<V1Deployment>(objects, "Deployment", "cc-clustercord-web");
    expect(web.spec?.replicas).toBe(3);
    expect(web.metadata?.namespace).toBe(NS);
    const pdb = named<V1PodDisruptionBudget>(objects, "PodDisruptionBudget", "cc-clustercord-web");
    expect(pdb.spec?.minAvailable).toBe(1);
    expect(pdb.spec?.selector?.matchLabels).toEqual(web.spec?.selector.matchLabels);

    const ingress = named<V1Ingress>(objects, "Ingress", "cc-clustercord-web");
    expect(ingress.spec?.tls).toEqual([
      { hosts: ["clustercord.example.test"], secretName: "clustercord-tls" },
    ]);
    expect(ingress.spec?.rules?.[0]?.http?.paths[0]?.backend.service).toEqual({
      name: "cc-clustercord-web",
      port: { name: "http" },
    });
    // The public URL follows the Ingress; the worker calls the API in-cluster.
    expect(envOf(web, "PUBLIC_URL")?.value).toBe("https://clustercord.example.test");
    const worker = named<V1Deployment>(objects, "Deployment", "cc-clustercord-worker");
    expect(envOf(worker, "CLUSTERCORD_API_URL")?.value).toBe(`http://cc-clustercord-web.${NS}.svc:80`);
    expect(envOf(worker, "DISCORD_APPLICATION_ID")?.value).toBe("123456789012345678");
    // Its replies link to the web's pages.
    expect(envOf(worker, "PUBLIC_URL")?.value).toBe("https://clustercord.example.test");

    // Raw API JSON: the field is `from` (client-node's V1NetworkPolicy types it as `_from`).
    type NetworkPolicy = KubeObject & { spec: { ingress?: { from?: unknown[] }[] } };
    const policies = objects.filter((o) => o.kind === "NetworkPolicy") as NetworkPolicy[];
    expect(policies.map((p) => p.metadata.name).sort()).toEqual([
      "cc-clustercord-jobs",
      "cc-clustercord-web",
      "cc-clustercord-worker",
    ]);
    for (const p of policies.filter((p) => p.metadata.name !== "cc-clustercord-web")) {
      expect(p.spec.ingress ?? []).toEqual([]); // nothing may connect to the worker or jobs
    }
    const webPolicy = policies.find((p) => p.metadata.name === "cc-clustercord-web");
    expect(webPolicy?.spec.ingress?.[0]?.from).toEqual([
      { podSelector: { matchLabels: worker.spec?.selector.matchLabels } },
      scaledValues.networkPolicy.webIngressFrom[0],
    ]);
  });

  it("every pod and container runs as non-root with a read-only root filesystem and no capabilities", async () => {
    const objects = await renderAndDryRun(scaledValues);
    const all = deployments(objects);
    expect(all).toHaveLength(3);
    for (const d of all) {
      const pod = d.spec?.template.spec;
      expect(pod?.securityContext).toMatchObject({
        runAsNonRoot: true,
        runAsUser: 10001,
        seccompProfile: { type: "RuntimeDefault" },
      });
      expect(pod?.automountServiceAccountToken).toBe(false);
      for (const c of containersOf(d)) {
        expect(c.securityContext, `${d.metadata?.name}/${c.name}`).toEqual({
          runAsNonRoot: true,
          runAsUser: 10001,
          runAsGroup: 10001,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          privileged: false,
          capabilities: { drop: ["ALL"] },
          seccompProfile: { type: "RuntimeDefault" },
        });
        expect(c.resources?.requests?.memory).toBeTruthy();
        expect(c.resources?.limits?.memory).toBeTruthy();
        // The only writable path besides Next's cache: an emptyDir at /tmp.
        const tmp = c.volumeMounts?.find((m) => m.mountPath === "/tmp");
        expect(pod?.volumes?.find((v) => v.name === tmp?.name)?.emptyDir).toBeTruthy();
      }
    }
    const web = named<V1Deployment>(objects, "Deployment", "cc-clustercord-web");
    const probe = { path: "/api/health", port: "http", scheme: "HTTP" };
    const [webContainer] = containersOf(web);
    expect(webContainer?.readinessProbe?.httpGet).toEqual(probe);
    expect(webContainer?.livenessProbe?.httpGet).toEqual(probe);
    expect(webContainer?.startupProbe?.httpGet).toEqual(probe);
    expect(webContainer?.volumeMounts?.map((m) => m.mountPath)).toContain("/app/apps/web/.next/cache");
  });

  it("takes every secret from the existing Secret and renders no secret value", async () => {
    const objects = await renderAndDryRun(scaledValues);
    expect(objects.filter((o) => o.kind === "Secret")).toEqual([]);
    const secretEnv: Record<string, string[]> = {};
    for (const d of deployments(objects)) {
      for (const c of containersOf(d)) {
        for (const e of c.env ?? []) {
          if (!SECRET_VARIABLES.includes(e.name)) continue;
          expect(e.value, `${d.metadata?.name} ${e.name}`).toBeUndefined();
          expect(e.valueFrom?.secretKeyRef).toEqual({ name: SECRET_NAME, key: e.name });
          secretEnv[c.name] = [...(secretEnv[c.name] ?? []), e.name];
        }
      }
    }
    // Each process gets only the secrets it reads: the worker never sees the database or the keys.
    expect(secretEnv).toEqual({
      web: SECRET_VARIABLES,
      worker: ["WORKER_SERVICE_TOKEN", "DISCORD_BOT_TOKEN"],
      jobs: ["DATABASE_URL", "REDIS_URL", "DISCORD_BOT_TOKEN"],
    });
  });
});

describe("the README's real-use section", () => {
  it("its helm install line renders, and the API server accepts what it renders", async () => {
    const readme = await readFile(join(repoRoot, "README.md"), "utf8");
    const line = /^helm install clustercord docker\/helm\/clustercord .*$/m.exec(readme)?.[0] ?? "";
    expect(line).not.toBe("");
    // The same arguments, `template` instead of `install`, with a real application id.
    const args = line
      .replace("<APPLICATION_ID>", "123456789012345678")
      .split(" ")
      .slice(2)
      .map((a) => (a === "docker/helm/clustercord" ? chartDir : a));
    const manifest = await helm(["template", ...args, "--kube-version", readVersions().KUBERNETES_VERSION]);
    const answer = await cluster.kubectl(["apply", "--dry-run=server", "-o", "json", "-f", "-"], manifest);
    const objects = (JSON.parse(answer) as { items: KubeObject[] }).items;
    expect(objects.find((o) => o.kind === "Ingress")?.metadata.name).toBe("clustercord-web");
  });
});

describe("values the chart refuses", () => {
  const secretValue = `s3cret-${randomBytes(16).toString("hex")}`;
  registerSecret(secretValue, "a secret an operator tried to put in Helm values");

  it("a secret variable in extraEnv (lint, template, and past the schema), without echoing its value", async () => {
    const values = await valuesFile({ web: { extraEnv: [{ name: "AUTH_SECRET", value: secretValue }] } });
    const lint = await helmRefusal(["lint", chartDir, "-f", values]);
    const rendered = await helmRefusal(template("-f", values));
    for (const refusal of [lint, rendered]) {
      expect(refusal).toContain("at '/web/extraEnv/0/name'");
      expect(refusal).not.toContain(secretValue);
    }
    // Without the schema the templates refuse it by name.
    const unchecked = await helmRefusal(template("--skip-schema-validation", "-f", values));
    expect(unchecked).toContain("web.extraEnv: AUTH_SECRET is a secret");
    expect(unchecked).not.toContain(secretValue);
  });

  it("secret values under a key the chart does not know", async () => {
    const refusal = await helmRefusal(
      template("-f", await valuesFile({ secrets: { DATABASE_URL: `postgresql://cc:${secretValue}@db/cc` } })),
    );
    expect(refusal).toContain("additional properties 'secrets' not allowed");
    expect(refusal).not.toContain(secretValue);
  });

  it("a second Discord worker, or a writable root filesystem", async () => {
    const twoWorkers = await helmRefusal(template("-f", await valuesFile({ worker: { replicaCount: 2 } })));
    expect(twoWorkers).toContain("at '/worker/replicaCount': value must be one of 0, 1");
    const writable = await helmRefusal(
      template("-f", await valuesFile({ securityContext: { readOnlyRootFilesystem: false } })),
    );
    expect(writable).toContain("at '/securityContext/readOnlyRootFilesystem': value must be true");
  });
});

describe("a real install into the local control plane", () => {
  it("rolls out 3 web replicas, the worker and 2 jobs processes; the release holds no secret", async () => {
    const secrets = Object.fromEntries(
      SECRET_VARIABLES.map((name) => [name, `${name.toLowerCase()}-${randomBytes(24).toString("hex")}`]),
    );
    for (const [name, value] of Object.entries(secrets)) registerSecret(value, `helm chart test ${name}`);
    await cluster.kubectl(
      ["apply", "-n", NS, "-f", "-"],
      JSON.stringify({
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: SECRET_NAME },
        stringData: secrets,
      }),
    );
    const values = await valuesFile(scaledValues);
    await helm(["install", "cc", chartDir, "-n", NS, "-f", values, "--wait", "--timeout", "120s"]);
    try {
      const ready = JSON.parse(await cluster.kubectl(["get", "deployments", "-n", NS, "-o", "json"])) as {
        items: V1Deployment[];
      };
      expect(Object.fromEntries(ready.items.map((d) => [d.metadata?.name, d.status?.readyReplicas]))).toEqual(
        {
          "cc-clustercord-web": 3,
          "cc-clustercord-worker": 1,
          "cc-clustercord-jobs": 2,
        },
      );
      // What helm stores in the release (rendered manifest and values) references the Secret only.
      const stored = [
        await helm(["get", "manifest", "cc", "-n", NS]),
        await helm(["get", "values", "cc", "-n", NS, "--all"]),
      ].join("\n");
      expect(stored).toContain(SECRET_NAME);
      for (const value of Object.values(secrets)) expect(stored).not.toContain(value);
    } finally {
      await helm(["uninstall", "cc", "-n", NS, "--wait"]);
    }
  }, 180_000);
});
