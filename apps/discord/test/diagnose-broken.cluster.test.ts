import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DiagnosticsRunOutput } from "@clustercord/contracts";
import { callTrpc, workerHeaders } from "@clustercord/testenv";
import {
  type BrokenWorld,
  type Cluster,
  createBrokenWorld,
  type ExpectedFinding,
  startCluster,
} from "@clustercord/testenv/cluster";
import type { ReplyPayload } from "@clustercord/testenv/discord";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACME, ALICE, opt, SERVICE_TOKEN, startWorkerHarness, type WorkerHarness } from "./harness";

// /diagnose over the broken world (packages/testenv/src/cluster/broken-workloads.ts): for every case, the embed shows the expected finding under the same title, in the same order, as
// diagnostics.run answers the same person (Alice, admin of Acme, on a dedicated cluster: nodes are hers).

const NS = "broken-discord";
let h: WorkerHarness;
let kube: Cluster;
let dataDir: string;
let clusterId: string;
let world: BrokenWorld;

/** The /diagnose options that ask about the case's run target. */
function optionsFor(e: ExpectedFinding) {
  const r = e.run;
  if (r.kind === "Node") return [opt("node", r.name)];
  if (r.kind === "Namespace") return [opt("namespace", r.name)];
  return [opt(r.kind === "Pod" ? "pod" : "deployment", r.name), opt("namespace", r.namespace)];
}

/** diagnostics.run as the web page calls it, for the same person and target. */
async function apiRun(e: ExpectedFinding) {
  const res = await callTrpc<DiagnosticsRunOutput>(h.apiUrl, "diagnostics.run", {
    headers: workerHeaders(SERVICE_TOKEN, ALICE, ACME),
    input: { clusterId, target: e.run },
  });
  expect(res.status, JSON.stringify(res.error)).toBe(200);
  return res.data;
}

/** The embed's field names without their severity icon: "HIGH · <title>[ (<kind> <name>)]". */
const shownTitles = (reply: ReplyPayload) =>
  (reply.embeds?.[0]?.fields ?? []).map((f) => f.name.replace(/^\S+ /, ""));

/** Asks until the embed and the API agree on the findings (same titles, same order) and the expected one is there. */
async function untilShown(e: ExpectedFinding) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const reply = await h.send({ userId: ALICE, guildId: ACME, name: "diagnose", options: optionsFor(e) });
    const api = await apiRun(e);
    const expected = api.findings.map((f) => `${f.severity} · ${f.title}`);
    const shown = shownTitles(reply);
    const same =
      shown.length > 0 &&
      shown.length <= expected.length &&
      shown.every((name, i) => name.startsWith(expected[i] ?? "\u0000"));
    const finding = api.findings.find((f) => f.id === e.id && f.target.name === e.target.name);
    if (same && finding) return { reply, api, finding };
    if (Date.now() > deadline)
      throw new Error(
        `${e.key}: no agreement after 60 s: shown ${JSON.stringify(shown)}, API ${JSON.stringify(expected)}`,
      );
    await new Promise((r) => setTimeout(r, 500));
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "cc-discord-broken-"));
  [h, kube] = await Promise.all([startWorkerHarness(), startCluster({ dataDir })]);
  const kubeconfig = await kube.kubectl(["config", "view", "--raw", "--flatten", "--minify"]);
  const added = await callTrpc<{ cluster: { id: string } }>(h.apiUrl, "clusters.add", {
    headers: workerHeaders(SERVICE_TOKEN, ALICE, ACME),
    input: { name: "dedicated", kubeconfig, shared: false },
    mutation: true,
  });
  if (added.error) throw new Error(`clusters.add: ${added.error.message}`);
  clusterId = added.data.cluster.id;
  world = await createBrokenWorld((args, input) => kube.kubectl(args, input), NS);
}, 600_000);

afterAll(async () => {
  await world?.cleanup();
  await h?.close();
  await kube?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe("/diagnose on the broken world", () => {
  it("shows every case's expected finding with the procedure's title, for the same person", async () => {
    const cases = world.expected;
    expect(cases.length).toBeGreaterThanOrEqual(25);
    const shown = await Promise.all(cases.map(async (e) => ({ e, ...(await untilShown(e)) })));
    for (const { e, reply, api, finding } of shown) {
      const embed = reply.embeds?.[0];
      expect(reply.flags, e.key).toBe(64);
      expect(embed?.title, e.key).toBe(`Diagnosis of ${e.run.kind} ${e.run.name}`);
      // The expected finding's field: its title, and the object it is about when that is not the target.
      const field = embed?.fields?.find((f) =>
        f.name.replace(/^\S+ /, "").startsWith(`${finding.severity} · ${finding.title}`),
      );
      // Its evidence is what the kubelet or the control plane said.
      expect(evidenceOf(finding), e.key).toMatch(e.evidence);
      const rank = api.findings.indexOf(finding);
      const shownCount = embed?.fields?.length ?? 0;
      if (rank >= shownCount) {
        // Past what one embed holds (a namespace's many findings): the reply says how many more and where.
        expect(embed?.description, e.key).toContain(`…and ${api.findings.length - shownCount} more: see`);
        continue;
      }
      expect(field, `${e.key}: ${finding.title}`).toBeDefined();
      if (e.target.kind !== e.run.kind || e.target.name !== e.run.name)
        expect(field?.name, e.key).toContain(`(${e.target.kind} ${e.target.name})`);
      expect(field?.value.length, e.key).toBeGreaterThan(0);
    }
  });
});

const evidenceOf = (f: DiagnosticsRunOutput["findings"][number]) =>
  f.evidence.map((x) => `${x.label}: ${x.value}`).join("\n");
