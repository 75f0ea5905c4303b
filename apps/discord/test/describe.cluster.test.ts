import type { ResourceDetail } from "@clustercord/contracts";
import { callTrpc, workerHeaders } from "@clustercord/testenv";
import type { Cluster } from "@clustercord/testenv/cluster";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ACME,
  BETA,
  CAROL,
  opt,
  SERVICE_TOKEN,
  startWorkerWithSharedCluster,
  type WorkerHarness,
} from "./harness";

// `/describe` through the real worker, API and database against the local control plane.

const nsAcme = `clustercord-guild-${ACME}`;

let h: WorkerHarness;
let kube: Cluster;
let stack: Awaited<ReturnType<typeof startWorkerWithSharedCluster>>;
let clusterId: string;

beforeAll(async () => {
  stack = await startWorkerWithSharedCluster("describe");
  ({ h, kube } = stack);
  clusterId = stack.clusterId;
  await kube.kubectl([
    "create",
    "deployment",
    "web",
    "-n",
    nsAcme,
    "--image=registry.invalid/web:1",
    "--replicas=2",
  ]);
  await kube.kubectl(["create", "configmap", "web-config", "-n", nsAcme, "--from-literal=mode=fast"]);
  await kube.kubectl(["rollout", "status", "-n", nsAcme, "deployment/web", "--timeout=90s"]);
}, 600_000);

afterAll(async () => {
  await stack?.close();
});

const describeCmd = (who: string, guild: string, options: ReturnType<typeof opt>[]) =>
  h.send({ userId: who, guildId: guild, name: "describe", options: [opt("cluster", "shared"), ...options] });

describe("/describe", () => {
  it("shows what resources.get shows, to the person alone, with the YAML attached", async () => {
    // No namespace: found in the person's only one. "deployment" is read as the kind deployments.
    const reply = await describeCmd(CAROL, ACME, [opt("kind", "deployment"), opt("name", "web")]);
    expect(reply.flags).toBe(64);
    const embed = reply.embeds?.[0];
    expect(embed?.title).toBe("Deployment web");
    expect(embed?.description).toBe(`**Ready** · ${nsAcme} on shared`);
    expect(embed?.fields).toContainEqual({ name: "Ready", value: "2/2", inline: true });
    expect(embed?.fields).toContainEqual({
      name: "Images",
      value: "web: registry.invalid/web:1",
      inline: true,
    });
    const related = embed?.fields?.find((f) => f.name === "Related")?.value ?? "";
    expect(related.match(/^owns pods /gm)).toHaveLength(2);
    expect(related).toMatch(/^owns replicasets `web-/m);

    const api = await callTrpc<ResourceDetail>(h.apiUrl, "resources.get", {
      headers: workerHeaders(SERVICE_TOKEN, CAROL, ACME),
      input: { clusterId, kind: "deployments", namespace: nsAcme, name: "web" },
    });
    expect(reply.attachments?.map((a) => a.filename)).toEqual(["web.yaml"]);
    // The same object as the web page: only the status (resourceVersion) may have moved on meanwhile.
    const withoutVersion = (yaml: string | undefined) => yaml?.replace(/resourceVersion: "\d+"/g, "");
    expect(withoutVersion(reply.attachments?.[0]?.content)).toBe(withoutVersion(api.data.yaml));
    expect(reply.attachments?.[0]?.content).toMatch(/^apiVersion: apps\/v1\nkind: Deployment\n/);
  });

  it("names the problem: unknown kind, missing object, another server's cluster", async () => {
    const kind = await describeCmd(CAROL, ACME, [opt("kind", "gadgets"), opt("name", "x")]);
    expect(kind.embeds?.[0]?.description).toBe('⚠️ This cluster has no resource kind "gadgets".');
    const missing = await describeCmd(CAROL, ACME, [opt("kind", "services"), opt("name", "nope")]);
    expect(missing.embeds?.[0]?.description).toBe('⚠️ No Service "nope" in your namespaces.');
    const viewerSecrets = await describeCmd(CAROL, ACME, [
      opt("kind", "secrets"),
      opt("name", "x"),
      opt("namespace", nsAcme),
    ]);
    expect(viewerSecrets.embeds?.[0]?.description).toBe(
      "⚠️ You may not list secrets in that namespace on this cluster.",
    );
    const stranger = await describeCmd(CAROL, BETA, [opt("kind", "deployments"), opt("name", "web")]);
    expect(stranger.attachments).toEqual([]);
    expect(JSON.stringify(stranger.embeds)).not.toMatch(/registry\.invalid|Ready/);
  });

  it("autocompletes kinds and names from the cluster's cache", async () => {
    const complete = async (focused: { name: string; value: string }, typed: ReturnType<typeof opt>[]) => {
      const sent = await h.standIn.sendAutocomplete({
        userId: CAROL,
        guildId: ACME,
        name: "describe",
        options: typed,
        focused,
      });
      return (await sent.choices()).map((c) => c.value);
    };
    const cluster = opt("cluster", "shared");
    expect(await complete({ name: "kind", value: "dep" }, [cluster])).toEqual(["deployments"]);
    expect(await complete({ name: "name", value: "" }, [cluster, opt("kind", "configmaps")])).toEqual([
      "kube-root-ca.crt",
      "web-config",
    ]);
    expect(await complete({ name: "name", value: "we" }, [cluster, opt("kind", "deployments")])).toEqual([
      "web",
    ]);
  });
});
