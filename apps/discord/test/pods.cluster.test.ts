import type { Cluster } from "@clustercord/testenv/cluster";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ACME,
  ALICE,
  BETA,
  buttonId,
  CAROL,
  opt,
  startWorkerWithSharedCluster,
  type WorkerHarness,
} from "./harness";

// `/pods` through the real worker, API and database against the local control plane.

const nsAcme = `clustercord-guild-${ACME}`;
const POD_COUNT = 20;

let h: WorkerHarness;
let kube: Cluster;
let stack: Awaited<ReturnType<typeof startWorkerWithSharedCluster>>;

beforeAll(async () => {
  stack = await startWorkerWithSharedCluster("pods");
  ({ h, kube } = stack);
  const pods = Array.from({ length: POD_COUNT }, (_, i) => ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: `app-${String(i).padStart(2, "0")}`, namespace: nsAcme },
    spec: { containers: [{ name: "main", image: "registry.invalid/pause:1" }] },
  }));
  await kube.kubectl(["create", "-f", "-"], JSON.stringify({ apiVersion: "v1", kind: "List", items: pods }));
}, 600_000);

afterAll(async () => {
  await stack?.close();
});

const pods = (who: string, guild: string, namespace: string, extra: ReturnType<typeof opt>[] = []) =>
  h.send({
    userId: who,
    guildId: guild,
    name: "pods",
    options: [opt("namespace", namespace), opt("cluster", "shared"), ...extra],
  });
const lines = (reply: { embeds?: { description?: string }[] }) =>
  (reply.embeds?.[0]?.description ?? "").split("\n").filter((l) => l.includes("`app-"));

describe("/pods", () => {
  it("pages through a namespace's pods with Prev and Next, as the person who clicks", async () => {
    let first = await pods(ALICE, ACME, nsAcme);
    // The cluster's pods cache fills and kwok runs the pods: ask again until all are Running.
    const deadline = Date.now() + 60_000;
    while (
      !/^1-15 of 20 pods$/.test(first.embeds?.[0]?.footer?.text ?? "") ||
      lines(first).some((l) => !l.includes("Running"))
    ) {
      if (Date.now() > deadline)
        throw new Error(`not all pods listed Running: ${JSON.stringify(first.embeds)}`);
      await new Promise((r) => setTimeout(r, 500));
      first = await pods(ALICE, ACME, nsAcme);
    }
    expect(first.embeds?.[0]?.title).toBe(`Pods in ${nsAcme} on shared`);
    expect(lines(first)).toHaveLength(15);
    expect(lines(first)[0]).toBe("🟢 `app-00` · Running · 1/1");
    const next = buttonId(first.components, "Next");
    expect(next.length).toBeLessThanOrEqual(100);

    const second = await h.click(CAROL, ACME, next, first.id ?? "");
    expect(second.embeds?.[0]?.footer?.text).toBe("16-20 of 20 pods");
    expect(lines(second).map((l) => l.match(/`(app-\d+)`/)?.[1])).toEqual([
      "app-15",
      "app-16",
      "app-17",
      "app-18",
      "app-19",
    ]);
    const back = await h.click(CAROL, ACME, buttonId(second.components, "Prev"), second.id ?? first.id ?? "");
    expect(back.embeds?.[0]?.footer?.text).toBe("1-15 of 20 pods");

    // Someone from another server clicking the same button gets nothing of Acme's.
    const stranger = await h.click(CAROL, BETA, next, first.id ?? "");
    expect(JSON.stringify(stranger.embeds)).not.toMatch(/app-\d+/);
  });

  it("searches, and refuses a namespace that is not the person's, leaking nothing", async () => {
    const found = await pods(ALICE, ACME, nsAcme, [opt("search", "app-1")]);
    expect(found.embeds?.[0]?.footer?.text).toBe('1-10 of 10 pods matching "app-1"');
    expect(found.components ?? []).toEqual([]);

    const other = await pods(CAROL, BETA, nsAcme);
    expect(JSON.stringify(other.embeds)).not.toMatch(/app-\d+|Running/);
    expect(other.embeds?.[0]?.description).toMatch(/^⚠️/);
  });

  it("autocompletes the cluster and the person's namespaces on it", async () => {
    const complete = async (
      who: string,
      guild: string,
      name: string,
      value: string,
      typed = [opt("cluster", "shared")],
    ) => {
      const sent = await h.standIn.sendAutocomplete({
        userId: who,
        guildId: guild,
        name: "pods",
        options: typed,
        focused: { name, value },
      });
      return (await sent.choices()).map((c) => c.value);
    };
    expect(await complete(CAROL, ACME, "cluster", "", [])).toEqual(["shared"]);
    expect(await complete(CAROL, ACME, "namespace", "clustercord")).toEqual([nsAcme]);
    expect(await complete(CAROL, BETA, "namespace", "")).toEqual([]);
    // No cluster typed yet: the server's only cluster is the one meant.
    expect(await complete(CAROL, ACME, "namespace", "clustercord", [])).toEqual([nsAcme]);
  });

  it("takes the server's only cluster when none is named, and asks which when there are none", async () => {
    const named = await pods(ALICE, ACME, nsAcme);
    const unnamed = await h.send({
      userId: ALICE,
      guildId: ACME,
      name: "pods",
      options: [opt("namespace", nsAcme)],
    });
    expect(unnamed.embeds?.[0]?.title).toBe(named.embeds?.[0]?.title);
    expect(lines(unnamed)).toEqual(lines(named));
    // Beta has no cluster of its own here (no grant in this file): the reply says what to do.
    const none = await h.send({
      userId: CAROL,
      guildId: BETA,
      name: "pods",
      options: [opt("namespace", nsAcme)],
    });
    expect(none.embeds?.[0]?.description).toMatch(/This server has no cluster yet/);
  });
});
