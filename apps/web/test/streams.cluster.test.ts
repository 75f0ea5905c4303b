import { open, readFile } from "node:fs/promises";
import { join } from "node:path";
import { OUTBOX_HIGH_WATER, OUTBOX_LOW_WATER } from "@clustercord/api";
import type {
  ExecExitEvent,
  ExecOutputEvent,
  LogsEndEvent,
  LogsLinesEvent,
  StreamAck,
  StreamErrorEvent,
} from "@clustercord/contracts";
import { callTrpc, processIsAlive, workerHeaders } from "@clustercord/testenv";
import { io as connectSocket, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ClusterStack, startClusterStack } from "./cluster-stack";

const ALICE = "100000000000000001"; // owner (admin) of Acme
const BOB = "100000000000000002"; // operator in Acme (mapped role)
const CAROL = "100000000000000003"; // owner (admin) of Beta
const ACME = "200000000000000001";
const BETA = "200000000000000002"; // carol is its owner (admin); carol is a viewer in Acme
const OPERATORS = "300000000000000002"; // Acme's Discord role mapped to operator
const NS = `clustercord-guild-${ACME}`;
const POD = "web-0";

let stack: ClusterStack;
let web: ClusterStack["web"];
let cluster: ClusterStack["cluster"];
let clusterDir: string;
let clusterId: string;
let serviceToken: string;

const call = (procedure: string, options: Parameters<typeof callTrpc>[2] = {}) =>
  callTrpc<never>(web.url, procedure, options);

const signIn = (user: string, guildId: string) => stack.signIn(user, guildId);
const connect = (cookie: string) => stack.connect(cookie);

async function signOut(cookie: string) {
  const csrf = await fetch(`${web.url}/api/auth/csrf`, { headers: { cookie } });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const out = await fetch(`${web.url}/api/auth/signout`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: `${cookie}; ${csrfCookie}` },
    body: new URLSearchParams({ csrfToken }),
  });
  expect(out.status).toBe(302);
}

const start = (socket: Socket, event: "logs:start" | "exec:start", input: Record<string, unknown>) =>
  socket.timeout(20_000).emitWithAck(event, input) as Promise<StreamAck>;

let streamSeq = 0;
const execInput = (over: Record<string, unknown> = {}) => ({
  streamId: `exec-${++streamSeq}`,
  clusterId,
  namespace: NS,
  pod: POD,
  shell: "sh",
  cols: 80,
  rows: 24,
  ...over,
});
const logsInput = (over: Record<string, unknown> = {}) => ({
  streamId: `logs-${++streamSeq}`,
  clusterId,
  namespace: NS,
  pod: POD,
  tailLines: 1,
  ...over,
});

/** Collects a stream's terminal output and resolves when `pattern` appears in it. */
function output(socket: Socket, streamId: string) {
  let text = "";
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  socket.on("exec:output", (e: ExecOutputEvent) => {
    if (e.streamId !== streamId) return;
    text += e.data;
    socket.emit("exec:ack", { streamId, chars: e.data.length });
    for (const w of waiters.filter((w) => w.pattern.test(text))) w.resolve();
  });
  const exited = new Promise<ExecExitEvent>((resolve) => {
    socket.on("exec:exit", (e: ExecExitEvent) => {
      if (e.streamId === streamId) resolve(e);
    });
  });
  return {
    text: () => text,
    exited,
    waitFor: (pattern: RegExp, ms = 10_000) =>
      new Promise<void>((resolve, reject) => {
        if (pattern.test(text)) return resolve();
        const timer = setTimeout(() => reject(new Error(`no ${pattern} in ${JSON.stringify(text)}`)), ms);
        waiters.push({
          pattern,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      }),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The most bytes the server held for a socket, sampled every 10 ms until stopped. */
function sampleBuffered(socket: Socket) {
  let peak = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, web.realtime.bufferedBytes(socket.id ?? ""));
  }, 10);
  return {
    peak: () => peak,
    stop: () => clearInterval(timer),
  };
}

/** What the server may hold beyond its outbox limit: the event that crossed it, and frames already read. */
const SLACK = 256 * 1024;

/**
 * Appends `mib` MiB of lines to the simulated container log (every container's,
 * see CLUSTER.md), in whole-line writes so the writer's own lines stay intact.
 */
async function appendLogBurst(mib: number): Promise<number> {
  const file = await open(join(clusterDir, "logs", "container.log"), "a");
  let lines = 0;
  try {
    const ts = new Date().toISOString().replace("Z", "000000Z");
    const filler = "x".repeat(100);
    for (let written = 0; written < mib * 1024 * 1024; ) {
      const chunk: string[] = [];
      for (let i = 0; i < 8_000; i++) chunk.push(`${ts} stdout F burst-${++lines} ${filler}`);
      const text = `${chunk.join("\n")}\n`;
      await file.write(text);
      written += text.length;
    }
  } finally {
    await file.close();
  }
  return lines;
}

async function eventually<T>(what: string, ms: number, probe: () => T | Promise<T>): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  stack = await startClusterStack("streams");
  ({ web, cluster, clusterDir, clusterId, serviceToken } = stack);
  await cluster.kubectl([
    "run",
    POD,
    "-n",
    NS,
    "--image=nginx",
    "--restart=Never",
    "--overrides",
    JSON.stringify({ spec: { containers: [{ name: "main", image: "nginx" }] } }),
  ]);
  await cluster.kubectl([
    "wait",
    "-n",
    NS,
    "--for=jsonpath={.status.phase}=Running",
    `pod/${POD}`,
    "--timeout=60s",
  ]);
}, 600_000);

afterAll(async () => {
  await stack?.close();
});

describe("log streams", () => {
  it("follows a container's log: new lines arrive in batches until stopped", async () => {
    const socket = await connect(await signIn("alice", ACME));
    const input = logsInput({ timestamps: true });
    const batches: LogsLinesEvent[] = [];
    socket.on("logs:lines", (e: LogsLinesEvent) => {
      if (e.streamId === input.streamId) batches.push(e);
    });
    const ended = new Promise<LogsEndEvent>((resolve) => socket.on("logs:end", resolve));
    expect(await start(socket, "logs:start", input)).toEqual({ ok: true });
    // The simulated log gets a line every second; with tailLines 1, more than 2 lines means new ones.
    await eventually("3 log lines", 8_000, () => batches.flatMap((b) => b.lines).length >= 3);
    const lines = batches.flatMap((b) => b.lines);
    expect(new Set(lines).size).toBe(lines.length);
    expect(
      lines.every((l) => /^\d{4}-\d\d-\d\dT\S+ /.test(l)),
      lines.join("\n"),
    ).toBe(true);
    expect(batches.length).toBeGreaterThanOrEqual(2);

    expect(await socket.emitWithAck("logs:stop", { streamId: input.streamId })).toEqual({ ok: true });
    expect(await ended).toEqual({ streamId: input.streamId, reason: "Closed." });
    const count = batches.length;
    await new Promise((r) => setTimeout(r, 1_500));
    expect(batches.length, "no lines after stop").toBe(count);
  });

  it("lets a viewer read logs, but refuses a pod that does not exist", async () => {
    const socket = await connect(await signIn("carol", ACME));
    expect(await start(socket, "logs:start", logsInput())).toEqual({ ok: true });
    const missing = await start(socket, "logs:start", logsInput({ pod: "nope" }));
    expect(missing).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });

  it("refuses invalid input, naming the field", async () => {
    const socket = await connect(await signIn("alice", ACME));
    const bad = await start(socket, "logs:start", logsInput({ namespace: "../kube-system" }));
    expect(bad).toMatchObject({ ok: false, code: "BAD_REQUEST" });
    expect((bad as { message: string }).message).toMatch(/namespace/);
  });
});

describe("exec sessions", () => {
  it("runs `echo hello` in a shell and returns hello", async () => {
    const socket = await connect(await signIn("bob", ACME));
    const input = execInput();
    const out = output(socket, input.streamId);
    expect(await start(socket, "exec:start", input)).toEqual({ ok: true });
    socket.emit("exec:resize", { streamId: input.streamId, cols: 100, rows: 30 });
    socket.emit("exec:input", { streamId: input.streamId, data: "echo hello\n" });
    // The output line itself, not the terminal's echo of the typed command.
    await out.waitFor(/(?<!echo )hello\r?\n/);
    socket.emit("exec:input", { streamId: input.streamId, data: "exit 3\n" });
    expect(await out.exited).toMatchObject({ streamId: input.streamId, code: 3 });
    const audit = await web.prisma.auditLog.findMany({ where: { action: "pods.exec", actorId: BOB } });
    expect(audit.map((a) => a.result)).toEqual(["ok"]);
  });

  it("refuses a viewer's terminal", async () => {
    const socket = await connect(await signIn("carol", ACME));
    const refused = await start(socket, "exec:start", execInput());
    expect(refused).toEqual({
      ok: false,
      code: "FORBIDDEN",
      message: "This needs the operator role in Acme Ops; you are viewer.",
    });
  });

  it("ends the session and its process within 5 s of signing out", async () => {
    const cookie = await signIn("alice", ACME);
    const socket = await connect(cookie);
    const input = execInput();
    const out = output(socket, input.streamId);
    expect(await start(socket, "exec:start", input)).toEqual({ ok: true });
    const pidFile = `shell-${input.streamId}.pid`;
    // The shell, and a command running in its foreground.
    socket.emit("exec:input", {
      streamId: input.streamId,
      data: `echo $$ > ${pidFile}; echo writ""ten; sh -c 'echo $$ > ${pidFile}.sleep; exec sleep 300'\n`,
    });
    await out.waitFor(/written\r?\n/);
    const readPid = async (file: string) =>
      Number((await readFile(join(clusterDir, "exec", file), "utf8").catch(() => "")).trim());
    const pid = await readPid(pidFile);
    const sleepPid = await eventually("the foreground command", 5_000, () => readPid(`${pidFile}.sleep`));
    expect(pid).toBeGreaterThan(1);
    expect(processIsAlive(pid)).toBe(true);
    expect(processIsAlive(sleepPid)).toBe(true);

    const closed = new Promise<void>((resolve) => socket.on("disconnect", () => resolve()));
    const t = Date.now();
    await signOut(cookie);
    await closed;
    await eventually(
      "the remote shell and its command to end",
      5_000,
      () => !processIsAlive(pid) && !processIsAlive(sleepPid),
    );
    expect(Date.now() - t).toBeLessThan(5_000);
  });

  it("ends an open session within 5 s when the person loses the role", async () => {
    const socket = await connect(await signIn("bob", ACME));
    const input = execInput();
    const out = output(socket, input.streamId);
    expect(await start(socket, "exec:start", input)).toEqual({ ok: true });
    socket.emit("exec:input", { streamId: input.streamId, data: 'echo rea""dy\n' });
    await out.waitFor(/ready\r?\n/);
    const t = Date.now();
    const demoted = await call("roles.set", {
      headers: workerHeaders(serviceToken, ALICE, ACME),
      input: { discordRoleId: OPERATORS, role: "viewer" },
      mutation: true,
    });
    expect(demoted.status).toBe(200);
    try {
      const exit = await out.exited;
      expect(Date.now() - t).toBeLessThan(5_000);
      expect(exit).toEqual({
        streamId: input.streamId,
        code: null,
        reason: "This needs the operator role; you are now viewer.",
      });
      expect(socket.connected, "only the stream ends, not the socket").toBe(true);
    } finally {
      await call("roles.set", {
        headers: workerHeaders(serviceToken, ALICE, ACME),
        input: { discordRoleId: OPERATORS, role: "operator" },
        mutation: true,
      });
    }
  });
  it("ends an open terminal within 5 s when the person is demoted in Discord itself", async () => {
    const socket = await connect(await signIn("bob", ACME));
    const input = execInput();
    const out = output(socket, input.streamId);
    expect(await start(socket, "exec:start", input)).toEqual({ ok: true });
    socket.emit("exec:input", { streamId: input.streamId, data: 'echo rea""dy\n' });
    await out.waitFor(/ready\r?\n/);
    // A Discord admin takes Bob's Operators role away: no ClusterCord call tells the API.
    const t = Date.now();
    stack.discord.setMemberRoles(ACME, BOB, []);
    try {
      const exit = await Promise.race([out.exited, sleep(10_000).then(() => null)]);
      expect(exit, "the terminal ended").not.toBeNull();
      expect(Date.now() - t).toBeLessThan(5_000);
      expect(exit).toEqual({
        streamId: input.streamId,
        code: null,
        reason: "This needs the operator role; you are now viewer.",
      });
    } finally {
      stack.discord.setMemberRoles(ACME, BOB, [OPERATORS]);
    }
  });
});

describe("tenant escape over socket events", () => {
  const leaks = /Acme|shared|127\.0\.0\.1|clustercord-guild-200000000000000001/;
  const cases = () =>
    [
      ["logs:start", logsInput()],
      ["exec:start", execInput()],
    ] as const;

  it("refuses another server's cluster as if it did not exist", async () => {
    const socket = await connect(await signIn("carol", BETA));
    for (const [event, input] of cases()) {
      const errors: StreamErrorEvent[] = [];
      socket.on("stream:error", (e: StreamErrorEvent) => errors.push(e));
      const refused = await start(socket, event, input);
      expect(refused, event).toMatchObject({ ok: false, code: "NOT_FOUND" });
      expect(JSON.stringify(refused), `${event} leaks nothing`).not.toMatch(leaks);
      expect(errors.find((e) => e.streamId === input.streamId)?.code, event).toBe("NOT_FOUND");
    }
  });

  it("refuses namespaces of the cluster that are not the person's", async () => {
    const socket = await connect(await signIn("alice", ACME));
    for (const [event, input] of cases()) {
      for (const namespace of ["kube-system", "default", `clustercord-guild-${BETA}`]) {
        const refused = await start(socket, event, {
          ...input,
          streamId: `${input.streamId}-${namespace}`,
          namespace,
        });
        expect(refused, `${event} ${namespace}`).toMatchObject({ ok: false, code: "NOT_FOUND" });
      }
    }
  });

  it("once granted the cluster, another server still cannot reach the owner's namespace", async () => {
    const granted = await callTrpc(web.url, "tenants.grant", {
      headers: workerHeaders(serviceToken, ALICE, ACME),
      input: { clusterId, guildId: BETA },
      mutation: true,
    });
    expect(granted.status).toBe(200);
    const socket = await connect(await signIn("carol", BETA));
    // Invited, not accepted: Beta cannot open a stream on the cluster at all.
    expect(
      await start(socket, "logs:start", {
        ...logsInput(),
        streamId: "invited",
        namespace: `clustercord-guild-${BETA}`,
      }),
    ).toMatchObject({ ok: false, code: "NOT_FOUND" });
    const accepted = await callTrpc(web.url, "tenants.accept", {
      headers: workerHeaders(serviceToken, CAROL, BETA),
      input: { clusterId },
      mutation: true,
    });
    expect(accepted.status).toBe(200);
    for (const [event, input] of cases()) {
      const refused = await start(socket, event, input);
      expect(refused, event).toMatchObject({ ok: false, code: "NOT_FOUND" });
      expect(JSON.stringify(refused), `${event} leaks nothing`).not.toMatch(leaks);
    }
    // Its own namespace works (so the refusals above are about tenancy, not a broken stream).
    await cluster.kubectl([
      "run",
      POD,
      "-n",
      `clustercord-guild-${BETA}`,
      "--image=nginx",
      "--restart=Never",
    ]);
    await cluster.kubectl([
      "wait",
      "-n",
      `clustercord-guild-${BETA}`,
      "--for=jsonpath={.status.phase}=Running",
      `pod/${POD}`,
      "--timeout=60s",
    ]);
    expect(await start(socket, "logs:start", logsInput({ namespace: `clustercord-guild-${BETA}` }))).toEqual({
      ok: true,
    });
  });

  it("refuses a socket without a session", async () => {
    const socket = connectSocket(web.url, {
      path: "/socket.io",
      transports: ["websocket"],
      reconnection: false,
      extraHeaders: { origin: web.url },
    });
    stack.track(socket);
    const outcome = await new Promise<string>((resolve) => {
      socket.on("connect", () => resolve("connected"));
      socket.on("connect_error", (e) => resolve(`refused: ${e.message}`));
    });
    expect(outcome).toBe("refused: unauthorized");
  });
});

describe("backpressure: what the server holds for a socket stays bounded, whatever the client does", () => {
  it("drops log lines for a client that does not read, and then says how many", async () => {
    const socket = await connect(await signIn("alice", ACME));
    const input = logsInput();
    const batches: LogsLinesEvent[] = [];
    socket.on("logs:lines", (e: LogsLinesEvent) => {
      if (e.streamId === input.streamId) batches.push(e);
    });
    expect(await start(socket, "logs:start", input)).toEqual({ ok: true });
    await eventually("the first line", 8_000, () => batches.length > 0);

    stack.reading(socket, false);
    const held = sampleBuffered(socket);
    // The kernel's socket buffers fill first (how much they take varies), then the server holds
    // bytes: bursts until it does (at most 10; the test then fails).
    let burst = 0;
    try {
      for (let round = 0; round < 10 && held.peak() <= OUTBOX_LOW_WATER; round++) {
        burst += await appendLogBurst(16);
        await eventually("the server to hold bytes", 3_000, () => held.peak() > OUTBOX_LOW_WATER).catch(
          () => false,
        );
      }
      await sleep(2_000);
    } finally {
      held.stop();
    }
    // It stopped sending once it held too much: no more than its limit and one event.
    expect(held.peak()).toBeGreaterThan(OUTBOX_LOW_WATER);
    expect(held.peak()).toBeLessThan(OUTBOX_HIGH_WATER + SLACK);

    stack.reading(socket, true);
    await eventually("a batch that says lines were dropped", 30_000, () =>
      batches.some((b) => b.dropped > 0),
    );
    const received = batches.flatMap((b) => b.lines).filter((l) => l.includes(" burst-")).length;
    const dropped = batches.reduce((n, b) => n + b.dropped, 0);
    expect(received).toBeLessThan(burst);
    expect(dropped).toBeGreaterThan(0);
    expect(await socket.emitWithAck("logs:stop", { streamId: input.streamId })).toEqual({ ok: true });
  }, 120_000);

  it("pauses a terminal whose client acknowledges output it never read", async () => {
    const socket = await connect(await signIn("bob", ACME));
    const input = execInput();
    const out = output(socket, input.streamId);
    expect(await start(socket, "exec:start", input)).toEqual({ ok: true });
    socket.emit("exec:input", { streamId: input.streamId, data: 'echo rea""dy\n' });
    await out.waitFor(/ready\r?\n/);

    stack.reading(socket, false);
    // The lie: "my terminal has written everything", many times a second.
    const lie = setInterval(() => socket.emit("exec:ack", { streamId: input.streamId, chars: 1 << 30 }), 20);
    const held = sampleBuffered(socket);
    // Megabytes a second, until paused.
    socket.emit("exec:input", {
      streamId: input.streamId,
      data: "yes 0123456789abcdefghijklmnopqrstuvwxyz\n",
    });
    try {
      await sleep(5_000);
    } finally {
      held.stop();
      clearInterval(lie);
    }
    // The server did hold output the client did not take (it paused once it held too much), and no more.
    expect(held.peak()).toBeGreaterThan(OUTBOX_LOW_WATER);
    expect(held.peak()).toBeLessThan(OUTBOX_HIGH_WATER + SLACK);

    // Paused, not ended: once the client reads again, output flows again.
    stack.reading(socket, true);
    const before = out.text().length;
    await eventually("more output", 10_000, () => out.text().length > before + 1024 * 1024);
    socket.emit("exec:stop", { streamId: input.streamId });
    expect(await out.exited).toMatchObject({ streamId: input.streamId, code: null });
  }, 120_000);
});
