import type { ResourceDetail } from "@clustercord/contracts";
import { callTrpc, workerHeaders } from "@clustercord/testenv";
import type { Cluster } from "@clustercord/testenv/cluster";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ACME,
  ALICE,
  BETA,
  BOB,
  buttonId,
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

describe("/describe pod: Delete…", () => {
  /** The web Deployment's pods that are not terminating, by name. */
  const webPods = async () => {
    const out = await kube.kubectl(["get", "pods", "-n", nsAcme, "-l", "app=web", "-o", "json"]);
    const { items } = JSON.parse(out) as {
      items: { metadata: { name: string; deletionTimestamp?: string } }[];
    };
    return items
      .filter((p) => !p.metadata.deletionTimestamp)
      .map((p) => p.metadata.name)
      .sort();
  };
  const describePod = (who: string, pod: string) =>
    describeCmd(who, ACME, [opt("kind", "pods"), opt("name", pod), opt("namespace", nsAcme)]);
  const text = (reply: { embeds?: { description?: string }[] }) => reply.embeds?.[0]?.description;

  it("offers it to operators, not viewers; Confirm deletes as the person who planned it; Cancel changes nothing", async () => {
    const [pod = "", other = ""] = await webPods();
    expect((await describePod(CAROL, pod)).components ?? []).toEqual([]);

    const described = await describePod(BOB, pod);
    const planned = await h.click(BOB, ACME, buttonId(described.components, "Delete…"), described.id ?? "");
    expect(planned.embeds?.[0]?.title).toBe(`Delete pod ${pod} in ${nsAcme}?`);
    expect(text(planned)).toMatch(
      new RegExp(`^• ${pod} is deleted; its ReplicaSet web-[a-z0-9]+ starts a replacement\\.`),
    );
    const confirm = buttonId(planned.components, `Delete ${pod}`);

    // Checked again for whoever clicks: a viewer, and an admin who did not plan it.
    const byViewer = await h.click(CAROL, ACME, confirm, described.id ?? "");
    expect(text(byViewer)).toBe("⚠️ This needs the operator role in Acme Ops; you are viewer.");
    const byAlice = await h.click(ALICE, ACME, confirm, described.id ?? "");
    expect(text(byAlice)).toBe("⚠️ That confirmation is not valid for this action; start again.");
    expect(await webPods()).toContain(pod);

    const done = await h.click(BOB, ACME, confirm, described.id ?? "");
    expect(text(done)).toMatch(
      new RegExp(`^Deleted pod ${pod}\\. Its ReplicaSet web-[a-z0-9]+ starts a replacement\\.$`),
    );
    expect(done.components).toEqual([]);
    const pods = await webPods();
    expect(pods).not.toContain(pod);
    expect(pods).toContain(other);

    // Cancel changes nothing.
    const again = await describePod(BOB, other);
    const plan2 = await h.click(BOB, ACME, buttonId(again.components, "Delete…"), again.id ?? "");
    const cancelled = await h.click(BOB, ACME, buttonId(plan2.components, "Cancel"), again.id ?? "");
    expect(text(cancelled)).toBe("Cancelled: nothing was changed.");
    expect(await webPods()).toContain(other);
  });
});
