/**
 * npm run bench:helm-releases [-- --releases 500 --namespaces 50 --calls 200 --helm-runs 10]
 *
 * helm.releases, warm, against `helm list -A -o json` on the same local
 * control plane in the same run. The release Secrets are created directly
 * with the admin kubeconfig, encoded exactly as Helm stores them
 * (base64(gzip(JSON)) in data.release, labels owner/name/status/version),
 * with a chart of realistic size (templates, values, a rendered manifest).
 *
 * The API runs in this process (the API tests' harness: database, Discord
 * stand-in, the cluster); Alice, an admin of Acme, reads as herself: the
 * cluster's RBAC lets her group list Secrets cluster-wide (a ClusterRole
 * bound here), so every namespace is hers to read.
 *
 * Prints a table; exits 1 when the target (p95 ≤ 0.2 × helm list's p95) is
 * missed or it could not measure.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs, promisify } from "node:util";
import { gzipSync } from "node:zlib";
import type { ClustersAddOutput, HelmReleasesOutput } from "@clustercord/contracts";
import { CoreV1Api, KubeConfig, RbacAuthorizationV1Api } from "@kubernetes/client-node";
import { ACME, ALICE, startApiHarness } from "../packages/api/test/harness";
import {
  benchLogger,
  loadAverage,
  machineLine,
  passFail,
  printReport,
  type Row,
  wholeNumber,
} from "./lib/report";
import { int, mapLimit, ms, summarize } from "./lib/stats";

const run = promisify(execFile);

const { values: flags } = parseArgs({
  options: {
    releases: { type: "string", default: "500" },
    namespaces: { type: "string", default: "50" },
    calls: { type: "string", default: "200" },
    "helm-runs": { type: "string", default: "10" },
    json: { type: "string" },
    help: { type: "boolean", default: false },
  },
});
if (flags.help) {
  console.log(
    "usage: npm run bench:helm-releases -- [--releases N] [--namespaces N] [--calls N] [--helm-runs N] [--json FILE]",
  );
  process.exit(0);
}
const cfg = {
  releases: wholeNumber(flags, "releases", 1),
  namespaces: wholeNumber(flags, "namespaces", 1),
  calls: wholeNumber(flags, "calls", 1),
  helmRuns: wholeNumber(flags, "helm-runs", 1),
};
const log = benchLogger("helm-releases");
const loadAtStart = loadAverage();

/** A chart's templates and rendered manifest of the size a small real chart has (a few KiB each). */
function chartPayload(release: string, namespace: string) {
  const deployment = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${release}\n  namespace: ${namespace}\n  labels:\n    app.kubernetes.io/name: web\n    app.kubernetes.io/instance: ${release}\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app.kubernetes.io/instance: ${release}\n  template:\n    metadata:\n      labels:\n        app.kubernetes.io/instance: ${release}\n    spec:\n      containers:\n        - name: web\n          image: docker.io/library/nginx:1.27.3\n          ports:\n            - containerPort: 80\n`;
  const service = `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${release}\n  namespace: ${namespace}\nspec:\n  selector:\n    app.kubernetes.io/instance: ${release}\n  ports:\n    - port: 80\n`;
  const template = (name: string, body: string) => ({
    name: `templates/${name}`,
    data: Buffer.from(body.repeat(4)).toString("base64"),
  });
  return {
    templates: [
      template("deployment.yaml", deployment),
      template("service.yaml", service),
      template("_helpers.tpl", deployment),
    ],
    manifest: `---\n# Source: web/templates/service.yaml\n${service}---\n# Source: web/templates/deployment.yaml\n${deployment}`,
  };
}

/** One revision's Secret, exactly as Helm 3's Secret storage driver writes it. */
function releaseSecret(release: string, namespace: string, revision: number, status: string) {
  const { templates, manifest } = chartPayload(release, namespace);
  const now = new Date(Date.UTC(2026, 10, 30, 6, revision)).toISOString();
  const json = {
    name: release,
    namespace,
    version: revision,
    info: {
      first_deployed: now,
      last_deployed: now,
      deleted: "",
      description: "Install complete",
      status,
      notes: "Thanks",
    },
    chart: {
      metadata: {
        name: "web",
        version: `1.${revision}.0`,
        appVersion: "1.27.3",
        apiVersion: "v2",
        type: "application",
      },
      lock: null,
      templates,
      values: {
        replicaCount: 1,
        image: { repository: "docker.io/library/nginx", tag: "" },
        service: { port: 80 },
      },
      schema: null,
      files: [],
    },
    config: { replicaCount: 1 },
    manifest,
    hooks: [],
  };
  return {
    metadata: {
      name: `sh.helm.release.v1.${release}.v${revision}`,
      namespace,
      labels: { name: release, owner: "helm", status, version: String(revision) },
    },
    type: "helm.sh/release.v1",
    data: {
      release: Buffer.from(gzipSync(Buffer.from(JSON.stringify(json))).toString("base64")).toString("base64"),
    },
  };
}

async function main(): Promise<number> {
  log("starting the API harness (database, Discord stand-in, control plane)");
  const h = await startApiHarness();
  const dir = await mkdtemp(join(tmpdir(), "cc-bench-helm-"));
  try {
    const kc = new KubeConfig();
    kc.loadFromString(h.kubeconfig);
    const core = kc.makeApiClient(CoreV1Api);
    const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
    // The cluster's RBAC decides: Acme's admins may read Secrets everywhere on this cluster.
    await rbac.createClusterRole({
      body: {
        metadata: { name: "bench-helm-reader" },
        rules: [{ apiGroups: [""], resources: ["secrets", "namespaces"], verbs: ["get", "list", "watch"] }],
      },
    });
    await rbac.createClusterRoleBinding({
      body: {
        metadata: { name: "bench-helm-reader" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "bench-helm-reader" },
        subjects: [
          { kind: "Group", name: `clustercord:guild:${ACME}:admin`, apiGroup: "rbac.authorization.k8s.io" },
        ],
      },
    });
    const added = await h.call<ClustersAddOutput>("clusters.add", [ALICE, ACME], {
      input: { name: "bench", kubeconfig: h.kubeconfig, shared: false },
      mutation: true,
    });
    if (added.error) throw new Error(`clusters.add: ${added.error.message}`);
    const clusterId = added.data.cluster.id;

    const namespaces = Array.from({ length: cfg.namespaces }, (_, i) => `helm-${String(i).padStart(3, "0")}`);
    await mapLimit(namespaces, 8, (name) => core.createNamespace({ body: { metadata: { name } } }));
    // Every release has a superseded first revision and a deployed second one, as after one upgrade.
    const secrets = Array.from({ length: cfg.releases }, (_, i) => {
      const namespace = namespaces[i % namespaces.length] as string;
      const release = `app-${String(i).padStart(4, "0")}`;
      return [
        releaseSecret(release, namespace, 1, "superseded"),
        releaseSecret(release, namespace, 2, "deployed"),
      ];
    }).flat();
    log(`creating ${int(secrets.length)} release Secrets (${int(cfg.releases)} releases, 2 revisions each)`);
    await mapLimit(secrets, 16, (body) =>
      core.createNamespacedSecret({ namespace: body.metadata.namespace, body }),
    );

    const list = () => h.call<HelmReleasesOutput>("helm.releases", [ALICE, ACME], { input: { clusterId } });
    log("warming helm.releases (first list of the release cache)");
    const warmDeadline = Date.now() + 120_000;
    for (;;) {
      const res = await list();
      if (res.data?.state === "ready" && res.data.releases.length === cfg.releases) break;
      if (Date.now() > warmDeadline)
        throw new Error(
          `helm.releases never showed ${cfg.releases}: ${JSON.stringify(res.error ?? res.data?.releases.length)}`,
        );
      await new Promise((r) => setTimeout(r, 250));
    }

    log(`timing ${cfg.calls} warm helm.releases calls`);
    const api: number[] = [];
    for (let i = 0; i < cfg.calls; i++) {
      const t = performance.now();
      const res = await list();
      api.push(performance.now() - t);
      if (res.data?.releases.length !== cfg.releases)
        throw new Error("helm.releases lost releases while timing");
    }

    const kubeconfig = join(dir, "kubeconfig");
    await writeFile(kubeconfig, h.kubeconfig, { mode: 0o600 });
    const env = {
      NODE_ENV: "production" as const,
      HOME: dir,
      HELM_CACHE_HOME: dir,
      HELM_CONFIG_HOME: dir,
      HELM_DATA_HOME: dir,
    };
    log(`timing ${cfg.helmRuns} runs of helm list -A -o json`);
    const cli: number[] = [];
    for (let i = 0; i < cfg.helmRuns + 1; i++) {
      const t = performance.now();
      const { stdout } = await run(
        h.helm.binary,
        ["list", "-A", "-o", "json", "--max", "0", "--kubeconfig", kubeconfig],
        {
          env,
          maxBuffer: 64 * 1024 * 1024,
        },
      );
      const took = performance.now() - t;
      if ((JSON.parse(stdout) as unknown[]).length !== cfg.releases)
        throw new Error("helm list did not list every release");
      if (i > 0) cli.push(took); // the first run warms the page cache and helm's own binary
    }

    const a = summarize(api);
    const c = summarize(cli);
    const ratio = a.p95 / c.p95;
    const rows: Row[] = [
      {
        what: `helm.releases warm, ${int(cfg.releases)} releases in ${cfg.namespaces} namespaces (p50)`,
        measured: ms(a.p50),
        target: "",
        result: "",
      },
      {
        what: "helm.releases warm (p95)",
        measured: ms(a.p95),
        target: `≤ 0.2 × helm list p95 (${ms(0.2 * c.p95)})`,
        result: passFail(ratio <= 0.2),
      },
      { what: "helm list -A -o json (p50)", measured: ms(c.p50), target: "", result: "" },
      { what: "helm list -A -o json (p95)", measured: ms(c.p95), target: "", result: "" },
      {
        what: "ratio of p95s",
        measured: `${ratio.toFixed(3)}×`,
        target: "≤ 0.2×",
        result: passFail(ratio <= 0.2),
      },
    ];
    await printReport(
      rows,
      [
        `${int(cfg.calls)} API calls over HTTP as the Discord worker makes them (signed, membership resolved), ${cfg.helmRuns} helm runs; ${int(secrets.length)} release Secrets of ~${int(Math.round(JSON.stringify(secrets[0]).length / 1024))} KiB each.`,
        machineLine(loadAtStart),
      ],
      { file: flags.json, data: { api: a, cli: c, ratio } },
    );
    return ratio <= 0.2 ? 0 : 1;
  } finally {
    await rm(dir, { recursive: true, force: true });
    await h.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
