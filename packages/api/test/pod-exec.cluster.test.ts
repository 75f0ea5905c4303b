import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { commandTooLong, EXEC_MAX_OUTPUT_BYTES, type PodsExecOutput } from "@clustercord/contracts";
import { processIsAlive } from "@clustercord/testenv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACME, ALICE, type ApiHarness, BETA, BOB, CAROL, startApiHarness } from "./harness";

// pods.exec against the local control plane: kwok runs an exec'd command on
// this machine, in the cluster's scratch directory (<dataDir>/exec).

const nsAcme = `clustercord-guild-${ACME}`;
const POD = "api-1";

let h: ApiHarness;
let shared: string;

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
        containers: ["main", "sidecar"].map((name) => ({ name, image: "registry.invalid/app:1" })),
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

const exec = (who: readonly [string, string], input: Record<string, unknown>) =>
  h.call<PodsExecOutput>("pods.exec", who, {
    input: { clusterId: shared, namespace: nsAcme, pod: POD, ...input },
    mutation: true,
  });

describe("pods.exec", () => {
  it("runs a command once as the person and returns its output and exit code", async () => {
    const res = await exec([BOB, ACME], { command: ["echo", "hello", "world"] });
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({
      container: "main",
      exitCode: 0,
      timedOut: false,
      output: "hello world\n",
      truncated: false,
    });
    expect(res.data.durationMs).toBeGreaterThanOrEqual(0);
    expect(res.data.durationMs).toBeLessThan(10_000);

    // A named container; the command gets no stdin (cat reads end-of-file at once).
    const cat = await exec([ALICE, ACME], { container: "sidecar", command: ["cat"] });
    expect(cat.data).toMatchObject({ container: "sidecar", exitCode: 0, output: "", timedOut: false });
  });

  it("reports a nonzero exit code, and stdout and stderr interleaved as they came", async () => {
    const failed = await exec([BOB, ACME], { command: ["sh", "-c", "exit 3"] });
    expect(failed.data).toMatchObject({ exitCode: 3, timedOut: false, output: "" });

    const mixed = await exec([BOB, ACME], {
      command: ["sh", "-c", "echo out; sleep 0.2; echo err >&2; sleep 0.2; echo out2; exit 1"],
    });
    expect(mixed.data).toMatchObject({ exitCode: 1, output: "out\nerr\nout2\n", truncated: false });
  });

  it("stops a command at its timeout and kills it in the container", async () => {
    const started = Date.now();
    const res = await exec([BOB, ACME], {
      command: ["sh", "-c", "echo $$ > exec-timeout.pid; echo started; exec sleep 60"],
      timeoutSeconds: 1,
    });
    expect(res.data).toMatchObject({ exitCode: null, timedOut: true, output: "started\n" });
    expect(res.data.durationMs).toBeGreaterThanOrEqual(1_000);
    expect(Date.now() - started).toBeLessThan(10_000);
    const pid = Number((await readFile(join(h.cluster.dataDir, "exec", "exec-timeout.pid"), "utf8")).trim());
    expect(pid).toBeGreaterThan(0);
    await expect.poll(() => processIsAlive(pid), { timeout: 5_000, interval: 100 }).toBe(false);
  });

  it("keeps the first 1 MiB of a larger output and says it was cut", async () => {
    const res = await exec([BOB, ACME], {
      command: ["sh", "-c", "head -c 2000000 /dev/zero | tr '\\0' a"],
    });
    expect(res.data.exitCode).toBe(0);
    expect(res.data.truncated).toBe(true);
    expect(res.data.output.length).toBe(EXEC_MAX_OUTPUT_BYTES);
    expect(res.data.output).toMatch(/^a+$/);
  });

  it("refuses a viewer, and another server's members, before anything runs", async () => {
    const viewer = await exec([CAROL, ACME], { command: ["touch", "viewer-was-here"] });
    expect(viewer.status).toBe(403);
    expect(viewer.error?.message).toBe("This needs the operator role in Acme Ops; you are viewer.");

    // Beta's admin, on the cluster Beta was granted a place on: Acme's namespace is not theirs.
    const tenant = await exec([CAROL, BETA], { command: ["touch", "tenant-was-here"] });
    expect(tenant.status).toBe(404);
    expect(tenant.error?.message).toBe("No such cluster or namespace for you in this server.");
    await expect(readFile(join(h.cluster.dataDir, "exec", "viewer-was-here"))).rejects.toThrow(/ENOENT/);
    await expect(readFile(join(h.cluster.dataDir, "exec", "tenant-was-here"))).rejects.toThrow(/ENOENT/);
  });

  it("refuses a command over 4 KiB, a missing container or pod and a container not running, each with its message", async () => {
    const long = ["echo", "a".repeat(3000), "b".repeat(3000)];
    const tooLong = await exec([BOB, ACME], { command: long });
    expect(tooLong.status).toBe(400);
    expect(tooLong.error?.message).toBe(commandTooLong(long));
    expect(tooLong.error?.message).toBe(
      "The command is 6006 bytes long; at most 4096 bytes (4 KiB) are allowed.",
    );

    const noContainer = await exec([BOB, ACME], { container: "x", command: ["true"] });
    expect(noContainer.status).toBe(404);
    expect(noContainer.error?.message).toBe(
      `Pod ${POD} has no container "x"; its containers: main, sidecar.`,
    );

    const noPod = await exec([BOB, ACME], { pod: "api-9", command: ["true"] });
    expect(noPod.status).toBe(404);
    expect(noPod.error?.message).toBe(`No pod api-9 in namespace ${nsAcme}.`);

    // A pod no node takes (Pending): its container has not started.
    await h.cluster.kubectl(
      ["create", "-f", "-"],
      JSON.stringify({
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "pending-1", namespace: nsAcme },
        spec: {
          nodeSelector: { pool: "nowhere" },
          containers: [{ name: "main", image: "registry.invalid/app:1" }],
        },
      }),
    );
    const pending = await exec([BOB, ACME], { pod: "pending-1", command: ["true"] });
    expect(pending.status).toBe(409);
    expect(pending.error?.message).toBe(
      "Container main of pod pending-1 is not running, so no command can run in it.",
    );
  });

  it("audits every call with the command line, quoted as typed, refusals included", async () => {
    const rows = await h.db.prisma.auditLog.findMany({
      where: { action: "pods.exec" },
      orderBy: { id: "asc" },
    });
    const where = `cluster/${shared}/namespace/${nsAcme}/pod/${POD}`;
    expect(rows.slice(0, 4).map((r) => [r.actorId, r.guildId, r.result, r.target])).toEqual([
      [BOB, ACME, "ok", `${where}/exec: echo hello world`],
      [ALICE, ACME, "ok", `${where}/container/sidecar/exec: cat`],
      [BOB, ACME, "ok", `${where}/exec: sh -c 'exit 3'`],
      [
        BOB,
        ACME,
        "ok",
        `${where}/exec: sh -c 'echo out; sleep 0.2; echo err >&2; sleep 0.2; echo out2; exit 1'`,
      ],
    ]);
    const viewer = rows.find((r) => r.actorId === CAROL && r.guildId === ACME);
    expect(viewer).toMatchObject({ result: "error", target: `${where}/exec: touch viewer-was-here` });
    // A long command line is cut to fit the row.
    const long = rows.find((r) => r.target.startsWith(`${where}/exec: echo aaa`));
    expect(long?.result).toBe("error");
    expect(long?.target.length).toBe(300);
    expect(long?.target.endsWith("a…")).toBe(true);
  });
});
