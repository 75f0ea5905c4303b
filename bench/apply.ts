/**
 * npm run bench:apply [-- --objects 200 --namespaces 4 --runs 5 --json FILE]
 *
 * YAML validate (issue 14): parse + schema + server-side dry-run as the
 * person + lint + diff of a batch of `--objects` objects (Deployments,
 * Services and ConfigMaps in `--namespaces` namespaces) through
 * manifests.validate (tRPC over HTTP to an API server in this process, the
 * local control plane behind it), against `kubectl apply --dry-run=server -f
 * <dir>` on the same files as the same person (--as), in the same run.
 * Median of `--runs` warm runs each (one warm-up run first). Also counts the
 * `/openapi/v3` and discovery requests ClusterCord makes after warm-up (the
 * target is 0: the schema cache is keyed by the documents' hash URLs).
 * Target: validate <= 1.0x kubectl. Prints a table; exits 1 when a target is missed.
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs, promisify } from "node:util";
import type { ManifestValidation } from "@clustercord/contracts";
import { schemaRequestCounts } from "@clustercord/kube";
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
import { int, ms, summarize } from "./lib/stats";

const run = promisify(execFile);
const { values: flags } = parseArgs({
  options: {
    objects: { type: "string", default: "200" },
    namespaces: { type: "string", default: "4" },
    runs: { type: "string", default: "5" },
    json: { type: "string" },
    help: { type: "boolean", default: false },
  },
});
if (flags.help) {
  console.log("usage: npm run bench:apply -- [--objects 200] [--namespaces 4] [--runs 5] [--json FILE]");
  process.exit(0);
}
const objectCount = wholeNumber(flags, "objects", 3);
const namespaceCount = wholeNumber(flags, "namespaces", 1);
const runs = wholeNumber(flags, "runs", 1);
const log = benchLogger("apply");
const loadAtStart = loadAverage();

/** One object of the batch: a Deployment, a Service or a ConfigMap, in turn. */
function object(i: number, namespace: string): string {
  const name = `app-${i}`;
  switch (i % 3) {
    case 0:
      return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
  labels: {app: ${name}}
spec:
  replicas: 2
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
        - name: main
          image: registry.example/app:1.${i}
          ports: [{containerPort: 8080}]
          resources:
            requests: {cpu: 10m, memory: 16Mi}
            limits: {cpu: 100m, memory: 64Mi}
`;
    case 1:
      return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  selector: {app: app-${i - 1}}
  ports: [{port: 80, targetPort: 8080}]
`;
    default:
      return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  namespace: ${namespace}
data:
  setting: "${i}"
`;
  }
}

const h = await startApiHarness();
const dir = await mkdtemp(join(tmpdir(), "cc-bench-apply-"));
try {
  const added = await h.call<{ cluster: { id: string } }>("clusters.add", [ALICE, ACME], {
    input: { name: "bench", kubeconfig: h.kubeconfig, shared: false },
    mutation: true,
  });
  if (added.error) throw new Error(`clusters.add: ${added.error.message}`);
  const clusterId = added.data.cluster.id;
  const namespaces = Array.from({ length: namespaceCount }, (_, i) => `bench-${i}`);
  for (const ns of namespaces) await h.cluster.kubectl(["create", "namespace", ns]);

  // The same files for both: one per namespace.
  const files = namespaces.map((ns, n) => ({
    name: `${ns}.yaml`,
    encoding: "utf8" as const,
    content: Array.from({ length: objectCount }, (_, i) => i)
      .filter((i) => i % namespaceCount === n)
      .map((i) => object(i, ns))
      .join("---\n"),
  }));
  await mkdir(join(dir, "batch"));
  for (const f of files) await writeFile(join(dir, "batch", f.name), f.content);

  const validate = async () => {
    const res = await h.call<ManifestValidation>("manifests.validate", [ALICE, ACME], {
      input: { clusterId, files },
      mutation: true,
    });
    if (res.error) throw new Error(`manifests.validate: ${res.error.message}`);
    const failed = res.data.steps.find((s) => s.status === "failed");
    if (failed) throw new Error(`manifests.validate: ${failed.step} failed: ${failed.summary}`);
    if (res.data.counts.objects !== objectCount)
      throw new Error(`validated ${res.data.counts.objects} objects`);
    return res.data;
  };
  // kubectl as the same person ClusterCord impersonates, with its discovery cache in the bench's directory.
  const kubectl = () =>
    run(
      h.cluster.binaries.kubectl,
      [
        "--kubeconfig",
        h.cluster.kubeconfigPath,
        "--cache-dir",
        join(dir, "kube-cache"),
        "apply",
        "--dry-run=server",
        "-f",
        join(dir, "batch"),
        "--as",
        `clustercord:discord:${ALICE}`,
        "--as-group",
        `clustercord:guild:${ACME}:admin`,
      ],
      { maxBuffer: 16 * 1024 * 1024 },
    );

  log("warm-up");
  const first = await validate();
  await kubectl();
  const before = { ...schemaRequestCounts };
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let i = 0; i < runs; i++) {
    // Alternate, so both see the same load.
    let t = performance.now();
    await validate();
    ours.push(performance.now() - t);
    t = performance.now();
    await kubectl();
    theirs.push(performance.now() - t);
    log(`run ${i + 1}: validate ${ms(ours.at(-1) ?? 0)}, kubectl ${ms(theirs.at(-1) ?? 0)}`);
  }
  const openApi = schemaRequestCounts.openApi - before.openApi;
  const discovery = schemaRequestCounts.discovery - before.discovery;
  const a = summarize(ours);
  const b = summarize(theirs);
  const ratio = a.p50 / b.p50;
  const rows: Row[] = [
    {
      what: `manifests.validate, ${int(objectCount)} objects (parse + schema + dry-run + lint + diff), median of ${runs}`,
      measured: ms(a.p50),
      target: "",
      result: "",
    },
    {
      what: `kubectl apply --dry-run=server -f, same files, median of ${runs}`,
      measured: ms(b.p50),
      target: "",
      result: "",
    },
    {
      what: "validate / kubectl",
      measured: `${ratio.toFixed(2)}x`,
      target: "<= 1.0x",
      result: passFail(ratio <= 1),
    },
    {
      what: "/openapi/v3 requests after warm-up",
      measured: int(openApi),
      target: "0",
      result: passFail(openApi === 0),
    },
    { what: "discovery requests after warm-up", measured: int(discovery), target: "", result: "" },
  ];
  await printReport(
    rows,
    [
      `${files.length} files; ${first.counts.created} created, ${first.counts.unchanged} unchanged; lint: ${first.counts.warnings} warnings.`,
      `Runs (ms): validate ${ours.map((v) => v.toFixed(0)).join(", ")}; kubectl ${theirs.map((v) => v.toFixed(0)).join(", ")}.`,
      machineLine(loadAtStart),
    ],
    { file: flags.json, data: { ours, theirs } },
  );
  process.exitCode = ratio <= 1 && openApi === 0 ? 0 : 1;
} finally {
  await rm(dir, { recursive: true, force: true });
  await h.close();
}
