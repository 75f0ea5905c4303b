/**
 * npm run bench:snapshots [-- --objects 10000 --namespaces 10 --runs 3 --changes 100 --json FILE]
 *
 * Snapshots (issue 18's "Speed"), on the local control plane (real
 * kube-apiserver + etcd, kwok), in one run:
 * - a namespace-scoped snapshot of `--namespaces` namespaces holding
 *   `--objects` objects (ConfigMaps, headless Services, Deployments with 0
 *   replicas and their ReplicaSets, Secrets), taken as a tenant user
 *   (impersonated, `admin` in those namespaces) through collectSnapshot:
 *   time, peak RSS growth, archive bytes; against `kubectl get <every
 *   namespaced listable kind> -A -o yaml` as the cluster admin (time, bytes).
 *   Median of `--runs` runs each, alternating, after one warm-up of each.
 *   Target: <= 1.0x kubectl's time.
 * - the diff of two such snapshots with `--changes` ConfigMaps changed, 10
 *   Deployment images changed, 20 ConfigMaps deleted and 20 created, from
 *   the two `.tar.gz` archives (read + diff). Target: <= 2 s.
 * Prints a table; exits 1 when a target is missed.
 */
import { spawn } from "node:child_process";
import { createCipheriv, randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import {
  collectSnapshot,
  createClusterGuard,
  diffSnapshots,
  fetchDiscoveryDocuments,
  impersonatedKubeConfig,
  kindsInScope,
  listableKinds,
  parseKubeconfig,
  readSnapshotArchive,
  type SealSecret,
  toKubeConfig,
} from "@clustercord/kube";
import { localClusterPolicy } from "@clustercord/testenv";
import { startCluster } from "@clustercord/testenv/cluster";
import {
  benchLogger,
  loadAverage,
  machineLine,
  passFail,
  printReport,
  type Row,
  wholeNumber,
} from "./lib/report";
import { bytes, int, mapLimit, ms, sleep } from "./lib/stats";

const { values: flags } = parseArgs({
  options: {
    objects: { type: "string", default: "10000" },
    namespaces: { type: "string", default: "10" },
    runs: { type: "string", default: "3" },
    changes: { type: "string", default: "100" },
    json: { type: "string" },
    help: { type: "boolean", default: false },
  },
});
if (flags.help) {
  console.log(
    "usage: npm run bench:snapshots -- [--objects 10000] [--namespaces 10] [--runs 3] [--changes 100] [--json FILE]",
  );
  process.exit(0);
}
const objectCount = wholeNumber(flags, "objects", 100);
const namespaceCount = wholeNumber(flags, "namespaces", 1);
const runs = wholeNumber(flags, "runs", 1);
const changes = wholeNumber(flags, "changes", 1);
const log = benchLogger("snapshots");
const loadAtStart = loadAverage();
const TENANT = "bench-tenant";

// Stands in for the vault's envelope sealing (AES-256-GCM, fresh IV), so Secrets cost what they would.
const key = randomBytes(32);
const sealSecret: SealSecret = ({ data }) => {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(data)), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
};

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};

/** One namespace's objects as YAML: 60% ConfigMaps, 20% headless Services, 10% Deployments, 10% Secrets. */
function namespaceYaml(namespace: string, count: number): string {
  const docs: string[] = [];
  for (let i = 0; i < count; i++) {
    const slot = i % 10;
    const name = `obj-${i}`;
    if (slot < 6) {
      docs.push(
        `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: ${namespace}, labels: {app: bench, tier: t${i % 7}}}\ndata:\n  setting: "${i}"\n  app.properties: |\n    mode=fast\n    level=${i % 5}\n    owner=team-${i % 3}\n`,
      );
    } else if (slot < 8) {
      docs.push(
        `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: ${namespace}, labels: {app: bench}}\nspec: {clusterIP: None, selector: {app: ${name}}, ports: [{name: http, port: 80, targetPort: 8080}]}\n`,
      );
    } else if (slot < 9) {
      docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}, labels: {app: ${name}}}
spec:
  replicas: 0
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
      - name: main
        image: registry.example/app:1.${i}
        ports: [{containerPort: 8080}]
        env: [{name: MODE, value: fast}]
        resources: {requests: {cpu: 10m, memory: 16Mi}, limits: {cpu: 100m, memory: 64Mi}}
`);
    } else {
      docs.push(
        `apiVersion: v1\nkind: Secret\nmetadata: {name: ${name}, namespace: ${namespace}}\nstringData: {password: pw-${i}, token: tok-${i}}\n`,
      );
    }
  }
  return docs.join("---\n");
}

/** Bytes of a stream, counted and dropped. */
class Counter extends Writable {
  bytes = 0;
  chunks: Buffer[] | null;
  constructor(keep: boolean) {
    super();
    this.chunks = keep ? [] : null;
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void) {
    this.bytes += chunk.length;
    this.chunks?.push(chunk);
    cb();
  }
}

const dataDir = await mkdtemp(join(tmpdir(), "cc-bench-snapshots-"));
log("starting the local control plane");
const cluster = await startCluster({ dataDir });
try {
  const guard = createClusterGuard(localClusterPolicy);
  const selected = parseKubeconfig(
    await cluster.kubectl(["config", "view", "--raw", "--flatten", "--minify"]),
  ).select();
  const admin = toKubeConfig(selected, guard);
  const tenant = impersonatedKubeConfig(selected, { user: TENANT, group: "clustercord:bench" }, guard);
  const namespaces = Array.from(
    { length: namespaceCount },
    (_, i) => `snap-bench-${String(i).padStart(2, "0")}`,
  );
  const perNamespace = Math.ceil(objectCount / namespaceCount);

  log(`seeding ${int(perNamespace * namespaceCount)} objects in ${namespaceCount} namespaces`);
  const seedStart = performance.now();
  await mapLimit(namespaces, 3, async (ns) => {
    await cluster.kubectl(["create", "namespace", ns]);
    await cluster.kubectl([
      "create",
      "rolebinding",
      "bench-tenant",
      "--clusterrole=admin",
      `--user=${TENANT}`,
      "-n",
      ns,
    ]);
    await cluster.kubectl(["create", "-f", "-"], namespaceYaml(ns, perNamespace));
  });
  // The Deployments' ReplicaSets (owned objects, part of what is collected).
  const deployments = namespaces.length * Math.floor(perNamespace / 10);
  for (let i = 0; i < 120; i++) {
    const rs = (await cluster.kubectl(["get", "rs", "-A", "-l", "app", "--no-headers"]))
      .trim()
      .split("\n").length;
    if (rs >= deployments) break;
    await sleep(1000);
  }
  log(`seeded in ${ms(performance.now() - seedStart)}`);

  const kinds = kindsInScope(listableKinds(await fetchDiscoveryDocuments(admin)), "namespaces");
  const kindArg = kinds.map((k) => (k.group ? `${k.resource}.${k.group}` : k.resource)).join(",");
  const kubectlGet = () =>
    new Promise<{ bytes: number; ms: number }>((resolve, reject) => {
      const t = performance.now();
      const child = spawn(cluster.binaries.kubectl, [
        "--kubeconfig",
        cluster.kubeconfigPath,
        "--cache-dir",
        join(dataDir, "kube-cache"),
        "get",
        kindArg,
        "-A",
        "-o",
        "yaml",
      ]);
      let out = 0;
      let err = "";
      child.stdout.on("data", (c: Buffer) => {
        out += c.length;
      });
      child.stderr.on("data", (c: Buffer) => {
        err += c.toString();
      });
      child.on("error", reject);
      child.on("close", (code) =>
        code === 0
          ? resolve({ bytes: out, ms: performance.now() - t })
          : reject(new Error(`kubectl get: ${err.slice(0, 500)}`)),
      );
    });

  const ours = async (keep: boolean) => {
    (globalThis as { gc?: () => void }).gc?.();
    const rss0 = process.memoryUsage().rss;
    let peak = rss0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 10);
    const t = performance.now();
    const counter = new Counter(keep);
    const { archive, done } = collectSnapshot({
      kc: tenant,
      scope: { kind: "namespaces", namespaces },
      sealSecret,
      cluster: "bench",
    });
    await pipeline(archive, counter);
    const manifest = await done;
    const elapsed = performance.now() - t;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    return {
      ms: elapsed,
      bytes: counter.bytes,
      rssDelta: peak - rss0,
      objects: manifest.counts.objects,
      skipped: manifest.skipped.length,
      archive: counter.chunks ? Buffer.concat(counter.chunks) : null,
    };
  };

  log("warm-up");
  const warm = await ours(false);
  const warmKubectl = await kubectlGet();
  log(`warm-up: ours ${ms(warm.ms)} (${int(warm.objects)} objects), kubectl ${ms(warmKubectl.ms)}`);
  const oursRuns: Awaited<ReturnType<typeof ours>>[] = [];
  const kubectlRuns: { bytes: number; ms: number }[] = [];
  for (let i = 0; i < runs; i++) {
    oursRuns.push(await ours(i === runs - 1));
    kubectlRuns.push(await kubectlGet());
    log(`run ${i + 1}: ours ${ms(oursRuns.at(-1)?.ms ?? 0)}, kubectl ${ms(kubectlRuns.at(-1)?.ms ?? 0)}`);
  }
  const first = oursRuns.at(-1)?.archive as Buffer;
  const oursMs = median(oursRuns.map((r) => r.ms));
  const kubectlMs = median(kubectlRuns.map((r) => r.ms));
  const collected = oursRuns.at(-1)?.objects ?? 0;

  log(`changing ${changes} ConfigMaps and 10 Deployments, deleting 20 and adding 20 ConfigMaps`);
  const configMaps = (i: number) => `obj-${Math.floor(i / 6) * 10 + (i % 6)}`; // the i-th ConfigMap of a namespace
  const ns0 = namespaces[0] as string;
  await mapLimit(
    Array.from({ length: changes }, (_, i) => i),
    8,
    async (i) => {
      const ns = namespaces[i % namespaces.length] as string;
      await cluster.kubectl([
        "patch",
        "configmap",
        configMaps(Math.floor(i / namespaces.length)),
        "-n",
        ns,
        "--type=merge",
        "-p",
        `{"data":{"setting":"changed-${i}"}}`,
      ]);
    },
  );
  for (let i = 0; i < 10; i++) {
    await cluster.kubectl([
      "set",
      "image",
      `deployment/obj-${i * 10 + 8}`,
      "main=registry.example/app:2.0",
      "-n",
      ns0,
    ]);
  }
  const last = namespaces[namespaces.length - 1] as string;
  const toDelete = Array.from({ length: 20 }, (_, i) => configMaps(Math.floor(perNamespace * 0.6) - 1 - i));
  await cluster.kubectl(["delete", "configmap", "-n", last, ...toDelete]);
  await cluster.kubectl(
    ["create", "-f", "-"],
    Array.from(
      { length: 20 },
      (_, i) =>
        `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: added-${i}, namespace: ${last}}\ndata: {x: "1"}\n`,
    ).join("---\n"),
  );
  const second = (await ours(true)).archive as Buffer;

  log("diffing the two snapshots");
  const diffRuns: {
    total: number;
    diffOnly: number;
    counts: { added: number; removed: number; changed: number };
  }[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const [a, b] = await Promise.all([
      readSnapshotArchive(Readable.from(first)),
      readSnapshotArchive(Readable.from(second)),
    ]);
    const t1 = performance.now();
    const diff = await diffSnapshots(a, b, { compareSecret: () => [], from: "a", to: "b" });
    const t2 = performance.now();
    diffRuns.push({ total: t2 - t, diffOnly: t2 - t1, counts: diff.counts });
  }
  const diffMs = median(diffRuns.map((r) => r.total));
  const diffOnlyMs = median(diffRuns.map((r) => r.diffOnly));
  const counts = diffRuns[0]?.counts ?? { added: 0, removed: 0, changed: 0 };
  const countsOk = counts.added === 20 && counts.removed === 20 && counts.changed === changes + 10;

  const ratio = oursMs / kubectlMs;
  const rows: Row[] = [
    {
      what: `snapshot of ${namespaceCount} namespaces (${int(collected)} objects) as a tenant, median of ${runs}`,
      measured: ms(oursMs),
      target: "",
      result: "",
    },
    {
      what: `kubectl get <${kinds.length} namespaced kinds> -A -o yaml, as admin, median of ${runs}`,
      measured: ms(kubectlMs),
      target: "",
      result: "",
    },
    {
      what: "snapshot time / kubectl time",
      measured: `${ratio.toFixed(2)}x`,
      target: "<= 1.0x",
      result: passFail(ratio <= 1.0),
    },
    {
      what: "snapshot peak RSS growth (median)",
      measured: bytes(median(oursRuns.map((r) => r.rssDelta))),
      target: "",
      result: "",
    },
    { what: "archive size (.tar.gz)", measured: bytes(oursRuns.at(-1)?.bytes ?? 0), target: "", result: "" },
    {
      what: "kubectl output size (YAML)",
      measured: bytes(kubectlRuns.at(-1)?.bytes ?? 0),
      target: "",
      result: "",
    },
    {
      what: `diff of two snapshots (read both .tar.gz + diff), median of ${runs}`,
      measured: ms(diffMs),
      target: "<= 2 s",
      result: passFail(diffMs <= 2000),
    },
    { what: "  of which the diff itself", measured: ms(diffOnlyMs), target: "", result: "" },
    {
      what: "diff counts (added / removed / changed)",
      measured: `${counts.added} / ${counts.removed} / ${counts.changed}`,
      target: `20 / 20 / ${changes + 10}`,
      result: passFail(countsOk),
    },
  ];
  await printReport(
    rows,
    [
      `Objects per kind and namespace as created; kinds the tenant may not list skipped: ${oursRuns.at(-1)?.skipped ?? 0} (kind, namespace) pairs.`,
      machineLine(loadAtStart),
    ],
    {
      file: flags.json,
      data: { oursRuns: oursRuns.map(({ archive: _a, ...r }) => r), kubectlRuns, diffRuns },
    },
  );
  process.exitCode = ratio <= 1.0 && diffMs <= 2000 && countsOk ? 0 : 1;
} finally {
  await cluster.stop();
  await rm(dataDir, { recursive: true, force: true });
}
