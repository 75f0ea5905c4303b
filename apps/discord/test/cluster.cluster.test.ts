import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Cluster, startCluster } from "@clustercord/testenv/cluster";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ACME,
  ALICE,
  BETA,
  BOB,
  buttonId,
  CAROL,
  kubeconfigFile,
  opt,
  startWorkerHarness,
  type WorkerHarness,
} from "./harness";

// `/cluster` through the real discord.js worker, the real API and database,
// and the local Kubernetes control plane: what a server admin does in Discord
// ends up on the cluster.

const nsAcme = `clustercord-guild-${ACME}`;
const nsBeta = `clustercord-guild-${BETA}`;
const nsBob = `clustercord-user-${BOB}`;

let h: WorkerHarness;
let kube: Cluster;
let kubeDir: string;
let kubeconfig: string;

beforeAll(async () => {
  kubeDir = await mkdtemp(join(tmpdir(), "cc-discord-cluster-"));
  [h, kube] = await Promise.all([startWorkerHarness(), startCluster({ dataDir: kubeDir })]);
  kubeconfig = await kube.kubectl(["config", "view", "--raw", "--flatten", "--minify"]);
}, 600_000);

afterAll(async () => {
  await h?.close();
  await kube?.stop();
  if (kubeDir) await rm(kubeDir, { recursive: true, force: true });
});

const description = (reply: { embeds?: { description?: string }[] }) => reply.embeds?.[0]?.description;
const fieldsOf = (reply: { embeds?: { fields?: { name: string; value: string }[] }[] }) =>
  reply.embeds?.[0]?.fields ?? [];
const kubectlJson = async <T>(...args: string[]) =>
  JSON.parse(await kube.kubectl([...args, "-o", "json"])) as T;
const quotaOf = (namespace: string) =>
  kubectlJson<{ spec: { hard: Record<string, string> } }>(
    "get",
    "resourcequota",
    "clustercord-quota",
    "-n",
    namespace,
  );
const egressOf = async (namespace: string) =>
  JSON.stringify(
    (
      await kubectlJson<{ spec: { egress?: unknown[] } }>(
        "get",
        "networkpolicy",
        "clustercord-isolate",
        "-n",
        namespace,
      )
    ).spec.egress ?? [],
  );
const roleBindingsIn = async (namespace: string) =>
  (
    await kubectlJson<{ items: { metadata: { name: string } }[] }>("get", "rolebindings", "-n", namespace)
  ).items
    .map((i) => i.metadata.name)
    .filter((n) => n.startsWith("clustercord"));

describe("/cluster add with a kubeconfig attachment", () => {
  it("adds a shared cluster, replying with the health it was checked with", async () => {
    const reply = await h.cluster(ALICE, ACME, "add", [
      opt("name", "shared"),
      kubeconfigFile(kubeconfig),
      opt("shared", true),
    ]);
    expect(reply.flags).toBe(64);
    const embed = reply.embeds?.[0];
    expect(embed?.title).toBe("Added shared");
    expect(embed?.description).toBe("Added shared: Kubernetes v1.37.2, 3 nodes.");
    expect(fieldsOf(reply)).toEqual([
      { name: "API server", value: `\`${kube.server}\`` },
      { name: "Sharing", value: "shared by this server", inline: true },
    ]);
    expect(
      await h.db.prisma.cluster.findMany({ select: { name: true, shared: true, guildId: true } }),
    ).toEqual([{ name: "shared", shared: true, guildId: ACME }]);
    // The owner's namespace was set up on the cluster.
    expect((await quotaOf(nsAcme)).spec.hard.pods).toBe("50");
  });

  it("refuses TLS verification off unless an admin opts in (the operator allows it here), then shows the API's warning", async () => {
    const insecure = kubeconfig.replace(/certificate-authority-data: \S+/, "insecure-skip-tls-verify: true");
    expect(insecure).not.toBe(kubeconfig);
    const refused = await h.cluster(ALICE, ACME, "add", [
      opt("name", "open"),
      kubeconfigFile(insecure),
      opt("shared", false),
    ]);
    expect(description(refused)).toMatch(
      /^⚠️ .*clusters\[0\]\.cluster\.insecure-skip-tls-verify: TLS verification cannot be turned off unless an admin allows/,
    );
    expect(await h.db.prisma.cluster.count({ where: { name: "open" } })).toBe(0);

    const added = await h.cluster(ALICE, ACME, "add", [
      opt("name", "open"),
      kubeconfigFile(insecure),
      opt("shared", false),
      opt("allow-insecure", true),
    ]);
    expect(added.embeds?.[0]?.title).toBe("Added open");
    const warnings = fieldsOf(added).find((f) => f.name === "Warnings")?.value ?? "";
    expect(warnings).toMatch(/^⚠️ clusters\[0\]\.cluster\.insecure-skip-tls-verify: /);
    expect(fieldsOf(added).find((f) => f.name === "Sharing")?.value).toBe("dedicated");
  });

  it("/cluster list shows the added clusters under their exact names, healthy", async () => {
    const reply = await h.cluster(BOB, ACME, "list");
    expect(reply.embeds?.[0]?.title).toBe("Clusters in Acme Ops");
    expect(fieldsOf(reply)).toEqual([
      {
        name: "open",
        value: [
          "🟢 healthy · Kubernetes v1.37.2 · 3 nodes",
          `\`${kube.server}\` · dedicated`,
          "⚠ TLS verification is off for this cluster (an admin opted in)",
        ].join("\n"),
      },
      {
        name: "shared",
        value: `🟢 healthy · Kubernetes v1.37.2 · 3 nodes\n\`${kube.server}\` · shared by this server`,
      },
    ]);
  });

  it("/cluster status shows one cluster's probe", async () => {
    const reply = await h.cluster(CAROL, ACME, "status", [opt("name", "shared")]);
    const fields = Object.fromEntries(fieldsOf(reply).map((f) => [f.name, f.value]));
    expect(fields).toMatchObject({
      Status: "🟢 healthy · Kubernetes v1.37.2 · 3 nodes",
      Nodes: "3",
      "Can impersonate": "yes",
      Sharing: "shared by this server",
    });
  });
});

describe("sharing a cluster with another server, from Discord", () => {
  it("invites Beta; nothing is visible to Beta or applied for it until its admin accepts", async () => {
    const refused = await h.cluster(BOB, ACME, "grant", [opt("name", "shared"), opt("server", BETA)]);
    expect(description(refused)).toBe("⚠️ This needs the admin role in Acme Ops; you are operator.");
    const reply = await h.cluster(ALICE, ACME, "grant", [opt("name", "shared"), opt("server", BETA)]);
    expect(reply.embeds?.[0]?.title).toBe("Granted Beta Team access to shared");
    expect(description(reply)).toContain("Internet egress: on · ✉️ invited, not accepted yet");

    expect(description(await h.cluster(CAROL, BETA, "list"))).toMatch(/^No clusters yet\./);
    const namespaces = await h.cluster(CAROL, BETA, "namespaces", [opt("name", "shared")]);
    expect(description(namespaces)).toBe("⚠️ No cluster named shared in this server. It has none yet.");
    await expect(kube.kubectl(["get", "namespace", nsBeta])).rejects.toThrow(/NotFound/);

    const accepted = await h.cluster(CAROL, BETA, "accept", [opt("cluster", "shared")]);
    expect(accepted.embeds?.[0]?.title).toBe("Joined shared");
    // Accepting applies nothing yet; Beta's first use does.
    await expect(kube.kubectl(["get", "namespace", nsBeta])).rejects.toThrow(/NotFound/);
  });

  it("carol sees the cluster in Beta, and only Beta's namespace on it", async () => {
    const list = await h.cluster(CAROL, BETA, "list");
    expect(list.embeds?.[0]?.title).toBe("Clusters in Beta Team");
    expect(fieldsOf(list)).toEqual([
      {
        name: "shared",
        value: `🟢 healthy · Kubernetes v1.37.2 · 3 nodes\n\`${kube.server}\` · granted to this server`,
      },
    ]);
    const namespaces = await h.cluster(CAROL, BETA, "namespaces", [opt("name", "shared")]);
    expect(namespaces.embeds?.[0]?.title).toBe("Your namespaces on shared");
    expect(description(namespaces)).toBe(`• \`${nsBeta}\``);
    // Beta's first use created its namespace.
    expect((await quotaOf(nsBeta)).spec.hard.pods).toBe("50");
  });

  it("sets Beta's quota, refusing a bad quantity with the field named", async () => {
    const bad = await h.cluster(ALICE, ACME, "quota", [
      opt("name", "shared"),
      opt("server", BETA),
      opt("cpu", "lots"),
      opt("memory", "4Gi"),
      opt("pods", 20),
    ]);
    expect(description(bad)).toMatch(
      /^⚠️ Invalid input: quota\.requestsCpu: requests\.cpu: use a Kubernetes quantity/,
    );

    const reply = await h.cluster(ALICE, ACME, "quota", [
      opt("name", "shared"),
      opt("server", BETA),
      opt("cpu", "2"),
      opt("memory", "4Gi"),
      opt("pods", 20),
    ]);
    expect(reply.embeds?.[0]?.title).toBe("Updated Beta Team on shared");
    expect(description(reply)).toContain("Quota: 2 CPU · 4Gi memory · 20 pods");
    expect((await quotaOf(nsBeta)).spec.hard).toEqual({
      pods: "20",
      "requests.cpu": "2",
      "requests.memory": "4Gi",
    });
  });

  it("switches Beta's internet egress off on the cluster", async () => {
    expect(await egressOf(nsBeta)).toContain("0.0.0.0/0");
    const reply = await h.cluster(ALICE, ACME, "egress", [
      opt("name", "shared"),
      opt("server", BETA),
      opt("on", false),
    ]);
    expect(description(reply)).toContain("Internet egress: off");
    expect(await egressOf(nsBeta)).not.toContain("0.0.0.0/0");
    expect(await egressOf(nsAcme)).toContain("0.0.0.0/0");
  });

  it("/cluster servers lists both servers with what the cluster enforces", async () => {
    const reply = await h.cluster(ALICE, ACME, "servers", [opt("name", "shared")]);
    expect(reply.embeds?.[0]?.title).toBe("Servers on shared");
    const [acme, beta] = fieldsOf(reply);
    expect(acme?.name).toBe("Acme Ops (owner)");
    expect(acme?.value).toMatch(
      new RegExp(
        `^Server id \`${ACME}\` · namespace \`${nsAcme}\`\nQuota: 4 CPU · 8Gi memory · 50 pods\nInternet egress: on · set up <t:\\d+:R>$`,
      ),
    );
    expect(beta?.name).toBe("Beta Team");
    expect(beta?.value).toMatch(
      new RegExp(
        `^Server id \`${BETA}\` · namespace \`${nsBeta}\`\nQuota: 2 CPU · 4Gi memory · 20 pods\nInternet egress: off · set up <t:\\d+:R>$`,
      ),
    );
    // A granted server sees only itself.
    const guest = await h.cluster(CAROL, BETA, "servers", [opt("name", "shared")]);
    expect(fieldsOf(guest).map((f) => f.name)).toEqual(["Beta Team"]);
  });

  it("gives an operator their own namespace, listed with the server's", async () => {
    const reply = await h.cluster(BOB, ACME, "my-namespace", [opt("name", "shared")]);
    expect(description(reply)).toBe(
      `\`${nsBob}\` is ready, with this server's quota and policies. Only you are bound to it.`,
    );
    expect((await quotaOf(nsBob)).spec.hard.pods).toBe("50");
    const namespaces = await h.cluster(BOB, ACME, "namespaces", [opt("name", "shared")]);
    expect(description(namespaces)).toBe(`• \`${nsAcme}\`\n• \`${nsBob}\``);
  });

  it("revokes Beta on Confirm: its RoleBindings go, its namespace stays, carol loses the cluster", async () => {
    expect(await roleBindingsIn(nsBeta)).not.toEqual([]);
    const plan = await h.cluster(ALICE, ACME, "revoke", [opt("name", "shared"), opt("server", BETA)]);
    expect(plan.embeds?.[0]?.title).toBe("Revoke Beta Team's access to shared?");
    const confirm = buttonId(plan.components, "Revoke access");
    expect(confirm.length).toBeLessThanOrEqual(100);

    // The button is checked again for whoever clicks it.
    const carolInAcme = await h.click(CAROL, ACME, confirm, plan.id ?? "");
    expect(carolInAcme.embeds?.[0]?.description).toMatch(/^⚠️ This needs the admin role/);

    const done = await h.click(ALICE, ACME, confirm, plan.id ?? "");
    expect(description(done)).toBe("Revoked access for Beta Team.");
    expect(done.components).toEqual([]);
    expect(await roleBindingsIn(nsBeta)).toEqual([]);
    await kube.kubectl(["get", "namespace", nsBeta]); // still there

    const servers = await h.cluster(ALICE, ACME, "servers", [opt("name", "shared")]);
    expect(fieldsOf(servers).map((f) => f.name)).toEqual(["Acme Ops (owner)"]);
    const carols = await h.cluster(CAROL, BETA, "list");
    expect(description(carols)).toMatch(/^No clusters yet\./);
    const gone = await h.cluster(CAROL, BETA, "namespaces", [opt("name", "shared")]);
    expect(description(gone)).toBe("⚠️ No cluster named shared in this server. It has none yet.");
  });

  it("lets Beta's admin leave on Confirm: its RoleBindings go, its namespace stays", async () => {
    await h.cluster(ALICE, ACME, "grant", [opt("name", "shared"), opt("server", BETA)]);
    await h.cluster(CAROL, BETA, "accept", [opt("cluster", "shared")]);
    await h.cluster(CAROL, BETA, "namespaces", [opt("name", "shared")]); // first use
    expect(await roleBindingsIn(nsBeta)).not.toEqual([]);

    const byViewer = await h.cluster(ALICE, BETA, "leave", [opt("name", "shared")]);
    expect(description(byViewer)).toBe("⚠️ This needs the admin role in Beta Team; you are viewer.");
    const plan = await h.cluster(CAROL, BETA, "leave", [opt("name", "shared")]);
    expect(plan.embeds?.[0]?.title).toBe("Leave shared?");
    const cancelled = await h.click(CAROL, BETA, buttonId(plan.components, "Cancel"), plan.id ?? "");
    expect(description(cancelled)).toBe("Cancelled: nothing was changed.");
    expect(await roleBindingsIn(nsBeta)).not.toEqual([]);

    const again = await h.cluster(CAROL, BETA, "leave", [opt("name", "shared")]);
    const confirm = buttonId(again.components, "Leave shared");
    expect(confirm.length).toBeLessThanOrEqual(100);
    // The button is checked again for whoever clicks it.
    const aliceInBeta = await h.click(ALICE, BETA, confirm, again.id ?? "");
    expect(description(aliceInBeta)).toMatch(/^⚠️ This needs the admin role/);
    const done = await h.click(CAROL, BETA, confirm, again.id ?? "");
    expect(description(done)).toBe("This server left shared; its members cannot use it any more.");
    expect(done.components).toEqual([]);
    expect(await roleBindingsIn(nsBeta)).toEqual([]);
    await kube.kubectl(["get", "namespace", nsBeta]); // still there
    expect(description(await h.cluster(CAROL, BETA, "list"))).toMatch(/^No clusters yet\./);
    const servers = await h.cluster(ALICE, ACME, "servers", [opt("name", "shared")]);
    expect(fieldsOf(servers).map((f) => f.name)).toEqual(["Acme Ops (owner)"]);
  });
});
