import type { PodsGetOutput, PodsLogsOutput } from "@clustercord/contracts";
import { parseKubeconfig, readLogTail, toKubeConfig } from "@clustercord/kube";
import { SIDECAR_LOG_LINES } from "@clustercord/testenv/cluster";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACME, ALICE, type ApiHarness, BETA, BOB, CAROL, startApiHarness } from "./harness";

// pods.get and pods.logs against the local control plane. kwok serves every
// container's log from one growing file, and containers named `sidecar` from
// a fixed one of SIDECAR_LOG_LINES lines, so a test can tell them apart.

const nsAcme = `clustercord-guild-${ACME}`;
const nsBeta = `clustercord-guild-${BETA}`;
const POD = "duo";

let h: ApiHarness;
let shared: string;

/** The sidecar log's lines as the cluster serves them (no timestamps). */
const sidecarLines = Array.from(
  { length: SIDECAR_LOG_LINES },
  (_, i) => `sidecar: synced config revision ${i + 1} (${(i + 1) * 7} keys)`,
);

beforeAll(async () => {
  h = await startApiHarness();
  shared = await h.addSharedCluster([BETA]);
  await h.cluster.kubectl(
    ["create", "-f", "-"],
    JSON.stringify({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: POD, namespace: nsAcme },
      spec: {
        containers: [
          { name: "main", image: "registry.invalid/app:1" },
          { name: "sidecar", image: "registry.invalid/sidecar:1" },
        ],
      },
    }),
  );
  await h.cluster.kubectl([
    "wait",
    "-n",
    nsAcme,
    "--for=jsonpath={.status.phase}=Running",
    `pod/${POD}`,
    "--timeout=60s",
  ]);
}, 600_000);

afterAll(async () => {
  await h?.close();
});

const logs = (who: readonly [string, string], input: Record<string, unknown>) =>
  h.call<PodsLogsOutput>("pods.logs", who, {
    input: { clusterId: shared, namespace: nsAcme, pod: POD, ...input },
  });

describe("pods.get", () => {
  it("answers the pod with its containers in spec order, to a viewer of the namespace", async () => {
    const deadline = Date.now() + 30_000;
    let res = await h.call<PodsGetOutput>("pods.get", [CAROL, ACME], {
      input: { clusterId: shared, namespace: nsAcme, pod: POD },
    });
    while (res.data?.pod.status !== "Running" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 300));
      res = await h.call<PodsGetOutput>("pods.get", [CAROL, ACME], {
        input: { clusterId: shared, namespace: nsAcme, pod: POD },
      });
    }
    expect(res.data.pod).toMatchObject({
      name: POD,
      namespace: nsAcme,
      status: "Running",
      ready: "2/2",
      containers: ["main", "sidecar"],
      initContainers: [],
    });
    const missing = await h.call("pods.get", [CAROL, ACME], {
      input: { clusterId: shared, namespace: nsAcme, pod: "ghost" },
    });
    expect(missing.status).toBe(404);
    expect(missing.error?.message).toBe(`No pod ghost in namespace ${nsAcme}.`);
  });
});

describe("pods.logs", () => {
  it("reads the end of the first container's log by default, as a viewer and as an operator", async () => {
    for (const who of [
      [CAROL, ACME],
      [BOB, ACME],
    ] as const) {
      const res = await logs(who, { lines: 5 });
      expect(res.status).toBe(200);
      expect(res.data).toMatchObject({
        namespace: nsAcme,
        pod: POD,
        container: "main",
        lines: 5,
        truncated: false,
      });
      const lines = res.data.text.split("\n");
      expect(lines.pop()).toBe("");
      expect(lines).toHaveLength(5);
      for (const line of lines)
        expect(line).toMatch(/^(starting server|(\d\d:\d\d:\d\d )?INFO handled request|WARN slow request)/);
      expect(res.data.bytes).toBe(Buffer.byteLength(res.data.text));
    }
  });

  it("reads another container by name, exactly what kubectl logs shows", async () => {
    const res = await logs([CAROL, ACME], { container: "sidecar", lines: 10 });
    expect(res.data.container).toBe("sidecar");
    expect(res.data.text).toBe(`${sidecarLines.slice(-10).join("\n")}\n`);
    const kubectl = await h.cluster.kubectl(["logs", "-n", nsAcme, POD, "-c", "sidecar", "--tail=10"]);
    expect(res.data.text).toBe(kubectl);
    // Default 100 lines: the whole 60-line log.
    const all = await logs([BOB, ACME], { container: "sidecar" });
    expect(all.data).toMatchObject({ lines: SIDECAR_LOG_LINES, truncated: false });
    const previous = await logs([BOB, ACME], { container: "sidecar", lines: 3, previous: true });
    expect(previous.data.lines).toBe(3);
  });

  it("says plainly when the container or the pod does not exist", async () => {
    const container = await logs([CAROL, ACME], { container: "nope" });
    expect(container.status).toBe(404);
    expect(container.error?.message).toBe(`Pod ${POD} has no container nope. Its containers: main, sidecar.`);
    const pod = await logs([CAROL, ACME], { pod: "ghost" });
    expect(pod.status).toBe(404);
    expect(pod.error?.message).toBe(`No pod ghost in namespace ${nsAcme}.`);
  });

  it("takes 1 to 5,000 lines", async () => {
    for (const lines of [0, 5001, 2.5]) expect((await logs([CAROL, ACME], { lines })).status).toBe(400);
    const most = await logs([CAROL, ACME], { container: "sidecar", lines: 5000 });
    expect(most.data.lines).toBe(SIDECAR_LOG_LINES);
  });

  it("refuses other servers' members and namespaces, leaking nothing", async () => {
    for (const who of [
      [CAROL, BETA],
      [ALICE, BETA],
    ] as const) {
      for (const container of [undefined, "sidecar", "nope"]) {
        const res = await logs(who, container ? { container } : {});
        expect([403, 404]).toContain(res.status);
        expect(JSON.stringify(res.error ?? res.data)).not.toMatch(
          new RegExp(`sidecar|main|synced|handled request|${ACME}|Acme`),
        );
      }
    }
    // Acme's people cannot read Beta's namespace or kube-system through it either.
    for (const namespace of [nsBeta, "kube-system"]) {
      const res = await logs([ALICE, ACME], { namespace, pod: "kube-proxy" });
      expect([403, 404]).toContain(res.status);
    }
  });

  it("keeps the newest lines within the byte cap and says it left older ones out", async () => {
    const admin = toKubeConfig(parseKubeconfig(h.kubeconfig).select(), h.clusterGuard);
    const target = { namespace: nsAcme, pod: POD, container: "sidecar", tailLines: SIDECAR_LOG_LINES };
    const whole = await readLogTail(admin, target);
    expect(whole).toMatchObject({ lines: sidecarLines, truncated: false });
    const capped = await readLogTail(admin, target, { maxBytes: 500 });
    expect(capped.truncated).toBe(true);
    expect(capped.bytes).toBeLessThanOrEqual(500);
    expect(capped.bytes).toBeGreaterThan(400);
    expect(capped.lines).toEqual(sidecarLines.slice(-capped.lines.length));
    expect(capped.bytes).toBe(capped.lines.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0));
  });
});
