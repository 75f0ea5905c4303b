import type { PodsExecOutput } from "@clustercord/contracts";
import { callTrpc, workerHeaders } from "@clustercord/testenv";
import type { Cluster } from "@clustercord/testenv/cluster";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ACME,
  BETA,
  BOB,
  CAROL,
  opt,
  SERVICE_TOKEN,
  startWorkerWithSharedCluster,
  type WorkerHarness,
} from "./harness";

// `/exec` through the real worker, API and database against the local control plane:
// kwok runs an exec'd command on this machine, in the cluster's scratch directory.

const nsAcme = `clustercord-guild-${ACME}`;
const POD = "api-1";
/** The same line as the web's run box test (apps/web/e2e/exec.spec.ts): quoting decides the argv. */
const LINE = `printf '%s|' "a b" 'c d' e`;
const ARGV = ["printf", "%s|", "a b", "c d", "e"];

let h: WorkerHarness;
let kube: Cluster;
let stack: Awaited<ReturnType<typeof startWorkerWithSharedCluster>>;
let clusterId: string;

beforeAll(async () => {
  stack = await startWorkerWithSharedCluster("exec");
  ({ h, kube } = stack);
  clusterId = stack.clusterId;
  await kube.kubectl(
    ["create", "-f", "-"],
    JSON.stringify({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: POD, namespace: nsAcme },
      spec: { containers: ["main", "sidecar"].map((name) => ({ name, image: "registry.invalid/app:1" })) },
    }),
  );
  await kube.kubectl([
    "wait",
    "-n",
    nsAcme,
    "--for=jsonpath={.status.phase}=Running",
    `pod/${POD}`,
    "--timeout=60s",
  ]);
}, 600_000);

afterAll(async () => {
  await stack?.close();
});

const exec = (who: string, guild: string, line: string, extra: ReturnType<typeof opt>[] = []) =>
  h.send({
    userId: who,
    guildId: guild,
    name: "exec",
    options: [
      opt("cluster", "shared"),
      opt("namespace", nsAcme),
      opt("pod", POD),
      opt("command", line),
      ...extra,
    ],
  });

/** pods.exec called directly, as the worker would call it for `who`. */
const procedure = (who: string, command: string[], container?: string) =>
  callTrpc<PodsExecOutput>(h.apiUrl, "pods.exec", {
    headers: workerHeaders(SERVICE_TOKEN, who, ACME),
    input: { clusterId, namespace: nsAcme, pod: POD, command, ...(container ? { container } : {}) },
    mutation: true,
  });

describe("/exec", () => {
  it("runs the command as typed (quotes decide the arguments) and shows what pods.exec returns", async () => {
    const reply = await exec(BOB, ACME, LINE);
    expect(reply.flags).toBe(64);
    expect(reply.attachments).toEqual([]);
    const api = await procedure(BOB, ARGV);
    expect(api.data).toMatchObject({ exitCode: 0, output: "a b|c d|e|", container: "main" });
    const embed = reply.embeds?.[0];
    expect(embed?.title).toBe(`Ran in ${POD} (main)`);
    expect(embed?.description).toBe(`\`\`\`\n${api.data.output}\n\`\`\``);
    expect(embed?.fields?.map((f) => [f.name, f.value])).toEqual([
      ["Command", `\`\`\`\nprintf '%s|' 'a b' 'c d' e\n\`\`\``],
      ["Result", "exit code 0"],
      ["Duration", expect.stringMatching(/^\d+\.\d\d s$/)],
    ]);
    expect(embed?.footer?.text).toBe(`${nsAcme} on shared`);

    // A named container and a failing command.
    const failed = await exec(BOB, ACME, "sh -c 'echo no >&2; exit 4'", [opt("container", "sidecar")]);
    expect(failed.embeds?.[0]?.title).toBe(`Ran in ${POD} (sidecar)`);
    expect(failed.embeds?.[0]?.description).toBe("```\nno\n```");
    expect(failed.embeds?.[0]?.fields?.[1]?.value).toBe("exit code 4");
  });

  it("attaches long output as a .txt file, byte for byte what pods.exec returns", async () => {
    const reply = await exec(BOB, ACME, "seq 1 2000");
    expect(reply.embeds?.[0]?.description).toMatch(
      /^The output \(8\.7 KiB\) is too long to show here; attached as api-1-main-exec\.txt\.$/,
    );
    expect(reply.attachments).toHaveLength(1);
    const file = reply.attachments?.[0];
    expect(file?.filename).toBe("api-1-main-exec.txt");
    const api = await procedure(BOB, ["seq", "1", "2000"]);
    expect(file?.content).toBe(api.data.output);
    expect(await (await fetch(file?.url ?? "")).text()).toBe(api.data.output);
  });

  it("refuses a viewer and another server's members, and says what is wrong with a command line", async () => {
    const viewer = await exec(CAROL, ACME, "touch viewer-was-here");
    expect(viewer.flags).toBe(64);
    expect(viewer.embeds?.[0]?.description).toBe(
      "⚠️ This needs the operator role in Acme Ops; you are viewer.",
    );
    const stranger = await exec(CAROL, BETA, "echo hi"); // Beta's admin
    expect(stranger.embeds?.[0]?.description).toBe(
      "⚠️ No cluster named shared in this server. It has none yet.",
    );
    expect(JSON.stringify(stranger.embeds)).not.toMatch(/Ran in/);

    expect((await exec(BOB, ACME, "echo 'oops")).embeds?.[0]?.description).toBe(
      "⚠️ The command has a ' quote that is never closed.",
    );
    expect((await exec(BOB, ACME, "ps aux | grep x")).embeds?.[0]?.description).toMatch(
      /^⚠️ "\|" is shell syntax, but the command runs without a shell; to use it, run sh -c '…'/,
    );
    expect((await exec(BOB, ACME, `echo ${"a".repeat(5000)}`)).embeds?.[0]?.description).toBe(
      "⚠️ The command is 5005 bytes long; at most 4096 bytes (4 KiB) are allowed.",
    );
    expect((await exec(BOB, ACME, "true", [opt("container", "x")])).embeds?.[0]?.description).toBe(
      `⚠️ Pod ${POD} has no container "x"; its containers: main, sidecar.`,
    );
  });

  it("autocompletes pods and containers like /logs", async () => {
    const complete = async (focused: { name: string; value: string }, typed: ReturnType<typeof opt>[]) =>
      (
        await h.standIn.sendAutocomplete({
          userId: BOB,
          guildId: ACME,
          name: "exec",
          options: typed,
          focused,
        })
      ).choices();
    const base = [opt("cluster", "shared"), opt("namespace", nsAcme)];
    expect((await complete({ name: "pod", value: "api" }, base)).map((c) => c.value)).toEqual([POD]);
    expect(
      (await complete({ name: "container", value: "" }, [...base, opt("pod", POD)])).map((c) => c.value),
    ).toEqual(["main", "sidecar"]);
  });
});
