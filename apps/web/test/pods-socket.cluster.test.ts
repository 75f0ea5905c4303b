import type {
  PodsChangedEvent,
  PodsSubscribeAck,
  ResourcesChangedEvent,
  ResourcesSubscribeAck,
} from "@clustercord/contracts";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ClusterStack, startClusterStack } from "./cluster-stack";

// pods:subscribe and resources:subscribe through the real web server: authorized like pods.list from the
// socket's own session, fed by the shared pods cache, changes batched.

// alice is admin of Acme; carol is admin of Beta.
const ACME = "200000000000000001";
const BETA = "200000000000000002";
const NS = `clustercord-guild-${ACME}`;

let stack: ClusterStack;
let cluster: ClusterStack["cluster"];
let clusterId: string;

const signIn = (user: string, guildId: string) => stack.signIn(user, guildId);
const connect = (cookie: string) => stack.connect(cookie);

const subscribe = (socket: Socket, namespace: string) =>
  socket.timeout(20_000).emitWithAck("pods:subscribe", { clusterId, namespace }) as Promise<PodsSubscribeAck>;

async function eventually<T>(what: string, ms: number, probe: () => T | undefined): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  stack = await startClusterStack("pods-socket");
  ({ cluster, clusterId } = stack);
}, 600_000);

afterAll(async () => {
  await stack?.close();
});

describe("pods:subscribe", () => {
  it("pushes a namespace's pod changes in batches, at most one event per 250 ms", async () => {
    const socket = await connect(await signIn("alice", ACME));
    const events: { at: number; event: PodsChangedEvent }[] = [];
    socket.on("pods:changed", (event: PodsChangedEvent) => events.push({ at: Date.now(), event }));
    const ack = await subscribe(socket, NS);
    expect(ack).toMatchObject({ ok: true });

    const pods = Array.from({ length: 12 }, (_, i) => ({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: `burst-${String(i).padStart(2, "0")}`, namespace: NS },
      spec: { containers: [{ name: "main", image: "registry.invalid/pause:1" }] },
    }));
    await cluster.kubectl(
      ["create", "-f", "-"],
      JSON.stringify({ apiVersion: "v1", kind: "List", items: pods }),
    );
    const seen = new Map<string, string>();
    await eventually("all 12 pods Running through the socket", 60_000, () => {
      for (const { event } of events) {
        for (const p of event.upserted) seen.set(p.name, p.status);
        for (const name of event.deleted) seen.delete(name);
      }
      return seen.size === 12 && [...seen.values()].every((s) => s === "Running") ? true : undefined;
    });
    expect([...seen.keys()].sort()).toEqual(pods.map((p) => p.metadata.name));
    for (const { event } of events) {
      expect(event).toMatchObject({ clusterId, namespace: NS, state: "ready" });
      for (const p of event.upserted) expect(p.namespace).toBe(NS);
    }
    // 12 creations, schedulings and status changes (dozens of watch events) arrive in a few batches.
    const gaps = events.slice(1).map((e, i) => e.at - (events[i]?.at ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(200);
    expect(events.length).toBeLessThan(12 * 3);

    await cluster.kubectl(["delete", "pod", "burst-00", "-n", NS, "--wait=false"]);
    await eventually("burst-00 deleted through the socket", 30_000, () =>
      events.some((e) => e.event.deleted.includes("burst-00")) ? true : undefined,
    );
  });

  it("refuses another guild's namespace and sends it nothing", async () => {
    const socket = await connect(await signIn("carol", BETA));
    const received: unknown[] = [];
    socket.on("pods:changed", (event: unknown) => received.push(event));
    const ack = await subscribe(socket, NS);
    expect(ack.ok).toBe(false);
    expect(JSON.stringify(ack)).not.toMatch(new RegExp(`${ACME}|burst-`));
    await cluster.kubectl([
      "run",
      "after-refusal",
      "-n",
      NS,
      "--image=registry.invalid/pause:1",
      "--restart=Never",
    ]);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(received).toEqual([]);
  });
});

describe("resources:subscribe", () => {
  const subscribeKind = (socket: Socket, target: { kind: string; namespace?: string }) =>
    socket
      .timeout(20_000)
      .emitWithAck("resources:subscribe", { clusterId, ...target }) as Promise<ResourcesSubscribeAck>;

  it("announces changes to a kind in the person's namespaces, batched", async () => {
    const socket = await connect(await signIn("alice", ACME));
    const events: { at: number; event: ResourcesChangedEvent }[] = [];
    socket.on("resources:changed", (event: ResourcesChangedEvent) => events.push({ at: Date.now(), event }));
    // No namespace: all of Alice's (here, Acme's one).
    expect(await subscribeKind(socket, { kind: "configmaps" })).toMatchObject({ ok: true, state: "ready" });
    for (let i = 0; i < 8; i++) {
      await cluster.kubectl(["create", "configmap", `live-${i}`, "-n", NS, `--from-literal=i=${i}`]);
    }
    const total = await eventually("8 configmap changes announced", 30_000, () => {
      const n = events.reduce((sum, e) => sum + e.event.changed, 0);
      return n >= 8 ? n : undefined;
    });
    expect(total).toBe(8);
    for (const { event } of events)
      expect(event).toMatchObject({ clusterId, kind: "configmaps", state: "ready" });
    const gaps = events.slice(1).map((e, i) => e.at - (events[i]?.at ?? 0));
    if (gaps.length) expect(Math.min(...gaps)).toBeGreaterThanOrEqual(200);

    // Changes elsewhere (kube-system) are not Alice's and are not announced.
    const before = events.length;
    await cluster.kubectl(["create", "configmap", "not-yours", "-n", "kube-system"]);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(events.length).toBe(before);
  });

  it("refuses what the person may not list, naming why", async () => {
    const socket = await connect(await signIn("carol", BETA));
    const foreign = await subscribeKind(socket, { kind: "deployments", namespace: NS });
    expect(foreign.ok).toBe(false);
    expect(JSON.stringify(foreign)).not.toMatch(new RegExp(ACME));
    // Acme's own admin, on a shared cluster: nothing cluster-wide.
    const nodes = await subscribeKind(await connect(await signIn("alice", ACME)), { kind: "nodes" });
    expect(nodes).toEqual({
      ok: false,
      code: "FORBIDDEN",
      message: "You may not list nodes cluster-wide on this cluster.",
    });
    expect(await subscribeKind(socket, { kind: "Not A Kind" })).toMatchObject({
      ok: false,
      code: "BAD_REQUEST",
    });
  });

  it("holds at most 8 live lists per socket, also when 200 subscribes arrive at once", async () => {
    const socket = await connect(await signIn("alice", ACME));
    // Distinct subscriptions; the first ones are lists Alice may follow, the rest would be refused anyway.
    const valid = ["configmaps", "secrets", "services", "deployments", "jobs"].flatMap((kind) => [
      { kind, namespace: NS },
      { kind },
    ]);
    const targets = [
      ...valid,
      ...Array.from({ length: 200 - valid.length }, (_, i) => ({
        kind: "configmaps",
        namespace: `other-${i}`,
      })),
    ];
    const answers = await Promise.all(targets.map((target) => subscribeKind(socket, target)));
    const accepted = answers.filter((a) => a.ok);
    expect(accepted).toHaveLength(8);
    expect(answers.slice(0, 8).every((a) => a.ok)).toBe(true);
    expect(new Set(answers.slice(8).map((a) => JSON.stringify(a)))).toEqual(
      new Set([
        JSON.stringify({
          ok: false,
          code: "BAD_REQUEST",
          message: "At most 8 live resource lists at once; close one first.",
        }),
      ]),
    );
    // Closing one gives its place back.
    socket.emit("resources:unsubscribe", { clusterId, ...valid[0] });
    expect(await subscribeKind(socket, valid[8] ?? { kind: "configmaps" })).toMatchObject({ ok: true });
  });
});
