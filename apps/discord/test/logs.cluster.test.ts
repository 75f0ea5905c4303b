import type { PodsLogsOutput } from "@clustercord/contracts";
import { callTrpc, workerHeaders } from "@clustercord/testenv";
import { type Cluster, SIDECAR_LOG_LINES } from "@clustercord/testenv/cluster";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ACME,
  ALICE,
  BETA,
  CAROL,
  opt,
  SERVICE_TOKEN,
  startWorkerWithSharedCluster,
  type WorkerHarness,
} from "./harness";

// `/logs` through the real worker, API and database against the local control plane:
// kwok serves containers named `sidecar` a fixed log, every other container a growing one.

const nsAcme = `clustercord-guild-${ACME}`;
const POD = "duo";
const sidecarLines = Array.from(
  { length: SIDECAR_LOG_LINES },
  (_, i) => `sidecar: synced config revision ${i + 1} (${(i + 1) * 7} keys)`,
);

let h: WorkerHarness;
let kube: Cluster;
let stack: Awaited<ReturnType<typeof startWorkerWithSharedCluster>>;
let clusterId: string;

beforeAll(async () => {
  stack = await startWorkerWithSharedCluster("logs");
  ({ h, kube } = stack);
  clusterId = stack.clusterId;
  const pod = (name: string, containers: string[]) => ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: nsAcme },
    spec: { containers: containers.map((c) => ({ name: c, image: "registry.invalid/app:1" })) },
  });
  await kube.kubectl(
    ["create", "-f", "-"],
    JSON.stringify({
      apiVersion: "v1",
      kind: "List",
      items: [pod(POD, ["main", "sidecar"]), pod("api-1", ["main"]), pod("api-2", ["main"])],
    }),
  );
  await kube.kubectl([
    "wait",
    "-n",
    nsAcme,
    "--for=jsonpath={.status.phase}=Running",
    "pod",
    "--all",
    "--timeout=60s",
  ]);
}, 600_000);

afterAll(async () => {
  await stack?.close();
});

const logs = (who: string, guild: string, extra: ReturnType<typeof opt>[] = [], pod = POD) =>
  h.send({
    userId: who,
    guildId: guild,
    name: "logs",
    options: [opt("cluster", "shared"), opt("namespace", nsAcme), opt("pod", pod), ...extra],
  });

const complete = async (
  who: string,
  guild: string,
  focused: { name: string; value: string },
  typed: ReturnType<typeof opt>[],
) =>
  (
    await h.standIn.sendAutocomplete({ userId: who, guildId: guild, name: "logs", options: typed, focused })
  ).choices();

describe("/logs", () => {
  it("shows a short log in a code block, only to the person who asked", async () => {
    const reply = await logs(CAROL, ACME, [opt("container", "sidecar"), opt("lines", 3)]);
    expect(reply.flags).toBe(64);
    expect(reply.attachments).toEqual([]);
    const embed = reply.embeds?.[0];
    expect(embed?.title).toBe(`Log of ${POD} (sidecar)`);
    expect(embed?.description).toBe(`\`\`\`\n${sidecarLines.slice(-3).join("\n")}\n\`\`\``);
    expect(embed?.footer?.text).toBe(`${nsAcme} on shared · last 3 lines`);
  });

  it("attaches a long log as a .log file with exactly what pods.logs returns", async () => {
    const reply = await logs(CAROL, ACME, [opt("container", "sidecar"), opt("lines", SIDECAR_LOG_LINES)]);
    expect(reply.embeds?.[0]?.description).toMatch(
      new RegExp(
        `^${SIDECAR_LOG_LINES} lines \\(.* KiB\\): too long to show here, attached as ${POD}-sidecar\\.log\\.$`,
      ),
    );
    expect(reply.attachments).toHaveLength(1);
    const file = reply.attachments?.[0];
    expect(file?.filename).toBe(`${POD}-sidecar.log`);
    const api = await callTrpc<PodsLogsOutput>(h.apiUrl, "pods.logs", {
      headers: workerHeaders(SERVICE_TOKEN, CAROL, ACME),
      input: { clusterId, namespace: nsAcme, pod: POD, container: "sidecar", lines: SIDECAR_LOG_LINES },
    });
    expect(file?.content).toBe(api.data.text);
    expect(file?.content).toBe(`${sidecarLines.join("\n")}\n`);
    expect(await (await fetch(file?.url ?? "")).text()).toBe(api.data.text);

    // The default container is the first one.
    const main = await logs(ALICE, ACME, [opt("lines", 100)]);
    expect(main.attachments?.[0]?.filename).toBe(`${POD}-main.log`);
    expect(main.attachments?.[0]?.content).toMatch(/^starting server on :8080\n/);
  });

  it("says what is wrong, and gives another server's members nothing", async () => {
    const wrong = await logs(CAROL, ACME, [opt("container", "nope")]);
    expect(wrong.embeds?.[0]?.description).toBe(
      `⚠️ Pod ${POD} has no container nope. Its containers: main, sidecar.`,
    );
    const stranger = await logs(CAROL, BETA, [opt("container", "sidecar")]);
    expect(stranger.attachments).toEqual([]);
    expect(JSON.stringify(stranger.embeds)).not.toMatch(/synced|sidecar|main/);
    expect(stranger.embeds?.[0]?.description).toMatch(/^⚠️/);
  });

  it("autocompletes clusters, namespaces, pods and containers from what the person may see", async () => {
    const cluster = opt("cluster", "shared");
    const namespace = opt("namespace", nsAcme);
    const names = (choices: { name: string; value: string | number }[]) => choices.map((c) => c.value);
    expect(names(await complete(CAROL, ACME, { name: "cluster", value: "sh" }, []))).toEqual(["shared"]);
    expect(names(await complete(CAROL, ACME, { name: "namespace", value: "" }, [cluster]))).toEqual([nsAcme]);
    expect(names(await complete(CAROL, ACME, { name: "pod", value: "" }, [cluster, namespace]))).toEqual([
      "api-1",
      "api-2",
      POD,
    ]);
    expect(names(await complete(CAROL, ACME, { name: "pod", value: "du" }, [cluster, namespace]))).toEqual([
      POD,
    ]);
    expect(
      names(
        await complete(CAROL, ACME, { name: "container", value: "" }, [cluster, namespace, opt("pod", POD)]),
      ),
    ).toEqual(["main", "sidecar"]);
    // Nothing is offered before the cluster is typed, nor to another server's members.
    expect(await complete(CAROL, ACME, { name: "pod", value: "" }, [])).toEqual([]);
    expect(await complete(CAROL, BETA, { name: "pod", value: "" }, [cluster, namespace])).toEqual([]);
    expect(await complete(CAROL, BETA, { name: "namespace", value: "" }, [cluster])).toEqual([]);
  });
});
