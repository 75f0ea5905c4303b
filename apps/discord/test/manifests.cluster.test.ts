import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Cluster } from "@clustercord/testenv/cluster";
import type { ReplyPayload } from "@clustercord/testenv/discord";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACME, ALICE, BOB, buttonId, opt, startWorkerWithSharedCluster, type WorkerHarness } from "./harness";

// /validate and /apply through the real worker and the Discord stand-in, against the real API
// (manifests.*) on the local control plane, as Bob (operator in Acme) in Acme's namespace.

const nsAcme = `clustercord-guild-${ACME}`;

let h: WorkerHarness;
let kube: Cluster;
let stack: Awaited<ReturnType<typeof startWorkerWithSharedCluster>>;

beforeAll(async () => {
  stack = await startWorkerWithSharedCluster("manifests");
  ({ h, kube } = stack);
}, 600_000);

afterAll(async () => {
  await stack?.close();
});

type FileOption = ReturnType<typeof file>;
const file = (filename: string, data: string | Buffer, name = "file") => ({
  name,
  type: 11 as const,
  file: { filename, contentType: "application/octet-stream", data },
});

const command = (who: string, name: "validate" | "apply", options: (FileOption | ReturnType<typeof opt>)[]) =>
  h.send({ userId: who, guildId: ACME, name, options });

const text = (reply: ReplyPayload) =>
  (reply.embeds ?? [])
    .map((e) => `${e.title ?? ""}\n${e.description ?? ""}\n${e.footer?.text ?? ""}`)
    .join("\n");

const configMap = (name: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
data:
  greeting: hello
`;

const deployment = (name: string, image = "nginx:1.27.3") => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels: { app: ${name} }
spec:
  replicas: 1
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      containers:
        - name: web
          image: ${image}
          resources:
            requests: { cpu: 50m, memory: 64Mi }
            limits: { cpu: 100m, memory: 128Mi }
`;

describe("/validate", () => {
  it("shows the parse step failed with the file, document and line, and skips the rest", async () => {
    // Line 4 puts a mapping inside a compact mapping value: a YAML syntax error.
    const bad = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a: b\n";
    const reply = await command(BOB, "validate", [file("bad.yaml", bad), opt("namespace", nsAcme)]);
    expect(reply.flags ?? 0).toBe(64);
    const shown = text(reply);
    expect(shown).toContain("Not valid: nothing can be applied");
    expect(shown).toMatch(/❌ \*\*Parse\*\*/);
    expect(shown).toMatch(/❌ `bad\.yaml:1:4`/);
    expect(shown).toMatch(/⏭️ \*\*Schema\*\*/);
  });

  it("checks a valid batch against the cluster without creating anything", async () => {
    const reply = await command(BOB, "validate", [
      file("config.yaml", configMap("checked-only")),
      file("app.yaml", deployment("checked-only"), "file2"),
      opt("namespace", nsAcme),
    ]);
    const shown = text(reply);
    expect(shown).toMatch(/✅ \*\*Parse\*\*/);
    // Accepted; the namespace's Pod Security "warn: restricted" label may add a warning.
    expect(shown).toMatch(/(✅|⚠️) \*\*Server dry-run\*\*: 2 of 2 objects accepted/);
    expect(shown).toContain("2 files · 2 documents · 2 objects · 0 errors");
    expect(shown).toContain("2 to create");
    expect(await kube.kubectl(["get", "configmaps", "-n", nsAcme, "-o", "name"])).not.toContain(
      "checked-only",
    );
  });

  it("reads a .tgz of a directory (sent as base64 for the API to unpack)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cc-manifests-tgz-"));
    try {
      await writeFile(join(dir, "config.yaml"), configMap("from-archive"));
      await writeFile(join(dir, "app.yaml"), deployment("from-archive"));
      await promisify(execFile)("tar", [
        "-czf",
        join(dir, "bundle.tgz"),
        "-C",
        dir,
        "config.yaml",
        "app.yaml",
      ]);
      const data = await readFile(join(dir, "bundle.tgz"));
      const reply = await command(BOB, "validate", [file("bundle.tgz", data), opt("namespace", nsAcme)]);
      const shown = text(reply);
      expect(shown).toMatch(/✅ \*\*Parse\*\*/);
      expect(shown).toContain("2 objects");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses more than 1 MiB before downloading, and files it does not read", async () => {
    const big = Buffer.alloc(1024 * 1024 + 200 * 1024, "# padding\n");
    const reply = await command(BOB, "validate", [file("big.yaml", big)]);
    expect(text(reply)).toContain("big.yaml is 1.2 MiB; manifests may be at most 1 MiB in all");
    const notes = await command(BOB, "validate", [file("notes.txt", "hello")]);
    expect(text(notes)).toContain(
      "notes.txt: attach .yaml, .yml or .json files, or a .zip, .tar or .tgz of them",
    );
  });
});

describe("/apply", () => {
  it("plans a ConfigMap and a Deployment, refuses another person's Confirm, applies on the asker's", async () => {
    const plan = await command(BOB, "apply", [
      file("app.yaml", `${configMap("shop-settings")}---\n${deployment("shop-web")}`),
      opt("namespace", nsAcme),
    ]);
    const shown = text(plan);
    expect(shown).toContain("Apply 2 objects: 2 to create, 0 to change, 0 unchanged");
    expect(shown).toContain(`+ created ConfigMap \`${nsAcme}/shop-settings\``);
    expect(shown).toContain(`+ created Deployment \`${nsAcme}/shop-web\``);
    expect(shown).toMatch(/```diff\n# created: ConfigMap/);
    expect(shown).toMatch(/Confirm <t:\d+:R>\./);

    // Alice (an admin, but not the one who asked) cannot press Bob's Confirm.
    const foreign = await h.standIn.sendComponent({
      userId: ALICE,
      guildId: ACME,
      customId: buttonId(plan.components, "Apply 2 objects"),
      messageId: plan.id ?? "",
    });
    await new Promise((r) => setTimeout(r, 500));
    expect(foreign.followUps().map((f) => JSON.stringify(f.embeds))).toEqual([
      expect.stringContaining("Only the person who ran this command can use its buttons."),
    ]);
    expect(await kube.kubectl(["get", "configmaps", "-n", nsAcme, "-o", "name"])).not.toContain(
      "shop-settings",
    );

    const result = await h.click(BOB, ACME, buttonId(plan.components, "Apply 2 objects"), plan.id ?? "");
    const done = text(result);
    expect(done).toContain(`✅ applied ConfigMap \`${nsAcme}/shop-settings\``);
    expect(done).toContain(`✅ applied Deployment \`${nsAcme}/shop-web\``);
    expect(result.components ?? []).toEqual([]);

    const cm = JSON.parse(
      await kube.kubectl(["get", "configmap", "shop-settings", "-n", nsAcme, "-o", "json"]),
    );
    expect(cm.data).toEqual({ greeting: "hello" });
    const deploy = JSON.parse(
      await kube.kubectl(["get", "deployment", "shop-web", "-n", nsAcme, "-o", "json"]),
    );
    expect(deploy.metadata.labels["clustercord.io/created-by"]).toBe(BOB);
  }, 120_000);

  it("a dry run is /validate: no buttons, nothing created", async () => {
    const reply = await command(BOB, "apply", [
      file("dry.yaml", configMap("dry-only")),
      opt("namespace", nsAcme),
      opt("dry_run", true),
    ]);
    expect(text(reply)).toContain("Dry run: nothing was changed.");
    expect(reply.components ?? []).toEqual([]);
    expect(await kube.kubectl(["get", "configmaps", "-n", nsAcme, "-o", "name"])).not.toContain("dry-only");
  });

  it("Cancel applies nothing", async () => {
    const plan = await command(BOB, "apply", [
      file("c.yaml", configMap("cancelled")),
      opt("namespace", nsAcme),
    ]);
    const cancelled = await h.click(BOB, ACME, buttonId(plan.components, "Cancel"), plan.id ?? "");
    expect(text(cancelled)).toContain("Cancelled: nothing was changed.");
    expect(await kube.kubectl(["get", "configmaps", "-n", nsAcme, "-o", "name"])).not.toContain("cancelled");
  });
});
