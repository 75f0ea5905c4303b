/**
 * npm run bench:discord [-- --concurrent 50 --rounds 5 ...]
 *
 * Slash commands under load: `--concurrent` different people run a command at
 * the same moment through the Discord stand-in's gateway, and the real worker
 * (apps/discord, its own process) answers them through the real API (the web
 * server, its own process) against the local control plane. Measured from the
 * INTERACTION_CREATE dispatch at the stand-in to:
 * - the acknowledgement: the interaction callback (the worker defers first)
 *   arriving at the stand-in's REST API; Discord drops interactions not
 *   acknowledged within 3 s;
 * - the reply: the deferred message edited with the answer (what people see).
 *
 * The callback's arrival is noted by a loopback proxy in front of the
 * stand-in's REST API (bench/lib/timing-proxy.ts). Not a test: prints a table,
 * exits 0 whether or not targets are met (1 when it could not measure).
 */
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { type DiscordFixture, loadFixture, type ReplyPayload } from "@clustercord/testenv/discord";
import { CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import {
  benchLogger,
  loadAverage,
  machineLine,
  passFail,
  printReport,
  type Row,
  wholeNumber,
} from "./lib/report";
import { createNamespaces, createPods, waitUntil } from "./lib/seed";
import { ACME, startBenchStack } from "./lib/stack";
import { int, ms, type Summary, sleep, summarize } from "./lib/stats";
import { startTimingProxy } from "./lib/timing-proxy";

const { values: flags } = parseArgs({
  options: {
    concurrent: { type: "string", default: "50" },
    rounds: { type: "string", default: "5" },
    pods: { type: "string", default: "20" },
    json: { type: "string" },
    help: { type: "boolean", default: false },
  },
});
if (flags.help) {
  console.log("usage: npm run bench:discord -- [--concurrent N] [--rounds N] [--pods N] [--json FILE]");
  process.exit(0);
}
const cfg = {
  concurrent: wholeNumber(flags, "concurrent", 1),
  rounds: wholeNumber(flags, "rounds", 1),
  pods: wholeNumber(flags, "pods", 1),
};

const OPERATORS = "300000000000000002"; // Acme's Discord role mapped to operator
const NAMESPACE = "bench-000";
const KWOK_NODES = ["kwok-node-1", "kwok-node-2", "kwok-node-3"];

const log = benchLogger("discord");
const loadAtStart = loadAverage();

/** The stand-in's fixture plus `count` people in Acme Ops with its Operators role. */
function fixtureWithPeople(count: number): { fixture: DiscordFixture; people: string[] } {
  const base = loadFixture();
  const people = Array.from({ length: count }, (_, i) => `10000000000000${String(1001 + i)}`);
  const acme = base.guilds.find((g) => g.id === ACME);
  if (!acme) throw new Error("the fixture has no Acme Ops guild");
  return {
    people,
    fixture: {
      ...base,
      users: [
        ...base.users,
        ...people.map((id, i) => ({
          id,
          username: `bench_${String(i + 1).padStart(2, "0")}`,
          globalName: `Bench ${i + 1}`,
          avatar: null,
        })),
      ],
      guilds: base.guilds.map((g) =>
        g.id === ACME
          ? { ...g, members: [...g.members, ...people.map((userId) => ({ userId, roles: [OPERATORS] }))] }
          : g,
      ),
    },
  };
}

interface Sample {
  ackMs: number;
  replyMs: number;
  /** The reply was the command's answer, not an error. */
  ok: boolean;
  /** What was wrong, when not ok. */
  problem?: string;
}

async function main() {
  log(`config: ${JSON.stringify(cfg)}`);
  const { fixture, people } = fixtureWithPeople(cfg.concurrent);
  const proxy = await startTimingProxy();
  const stack = await startBenchStack({
    name: "discord",
    fixture,
    worker: { discordApiBase: (base) => proxy.forwardTo(base) },
    log,
  });
  const closing = { done: false };
  const close = async () => {
    if (closing.done) return;
    closing.done = true;
    await stack.close();
    await proxy.close();
  };
  process.once("SIGINT", () => void close().then(() => process.exit(130)));
  process.once("SIGTERM", () => void close().then(() => process.exit(143)));
  try {
    const cluster = stack.cluster;
    if (!cluster) throw new Error("no control plane");
    // A dedicated cluster: Acme's people read every namespace (viewers and up).
    await stack.addCluster("bench");
    const kc = new KubeConfig();
    kc.loadFromFile(cluster.kubeconfigPath);
    const core = kc.makeApiClient(CoreV1Api);
    await createNamespaces(core, 1);
    await createPods(core, { namespaces: [NAMESPACE], total: cfg.pods, nodes: KWOK_NODES, concurrency: 8 });
    await waitUntil(`${cfg.pods} pods Running`, 120_000, async () => {
      const list = await core.listNamespacedPod({ namespace: NAMESPACE });
      return list.items.filter((p) => p.status?.phase === "Running").length >= cfg.pods;
    });
    log(`${cfg.pods} pods Running in ${NAMESPACE}; ${people.length} people in Acme Ops`);

    const commands = {
      whoami: {
        name: "whoami",
        options: [],
        expect: (r: ReplyPayload) => r.embeds?.[0]?.title === "Who am I",
      },
      pods: {
        name: "pods",
        options: [
          { name: "namespace", type: 3, value: NAMESPACE },
          { name: "cluster", type: 3, value: "bench" },
        ],
        expect: (r: ReplyPayload) =>
          (r.embeds?.[0]?.title ?? "").startsWith("Pods in") &&
          !(r.embeds?.[0]?.description ?? "").includes("⚠️"),
      },
    } as const;
    type Kind = keyof typeof commands;

    /** Every person runs the command at once; answers one sample each. */
    const round = (kind: Kind): Promise<Sample[]> =>
      Promise.all(
        people.map(async (userId): Promise<Sample> => {
          const command = commands[kind];
          const dispatched = performance.now();
          const handle = await stack.discord.sendCommand({
            userId,
            guildId: ACME,
            name: command.name,
            options: [...command.options],
          });
          const ack = await proxy.callback(handle.id, 30_000);
          const reply = await handle.reply(60_000);
          const replyMs = performance.now() - dispatched;
          const ok = ack.status < 300 && command.expect(reply);
          return {
            ackMs: ack.at - dispatched,
            replyMs,
            ok,
            ...(ok
              ? {}
              : {
                  problem: `callback HTTP ${ack.status}; reply ${JSON.stringify(reply.embeds ?? reply.content)}`,
                }),
          };
        }),
      );

    const cold: Record<Kind, Sample[]> = { whoami: [], pods: [] };
    const warm: Record<Kind, Sample[]> = { whoami: [], pods: [] };
    const summary = (samples: Sample[]) => {
      const ack = summarize(samples.map((s) => s.ackMs));
      const reply = summarize(samples.map((s) => s.replyMs));
      return `ack p50 ${ms(ack.p50)} p99 ${ms(ack.p99)}; reply p50 ${ms(reply.p50)} p99 ${ms(reply.p99)}; ${samples.filter((s) => !s.ok).length} not ok`;
    };
    for (const kind of ["whoami", "pods"] as const) {
      cold[kind] = await round(kind);
      log(`/${kind} x${people.length}, first round: ${summary(cold[kind])}`);
      await sleep(1_000);
    }
    for (let i = 0; i < cfg.rounds; i++) {
      for (const kind of ["whoami", "pods"] as const) {
        const samples = await round(kind);
        warm[kind].push(...samples);
        log(`/${kind} x${people.length}, round ${i + 1}: ${summary(samples)}`);
        await sleep(1_000);
      }
    }
    const problems = [...cold.whoami, ...cold.pods, ...warm.whoami, ...warm.pods].filter((s) => !s.ok);
    for (const p of problems.slice(0, 3)) log(`    not ok: ${p.problem}`);

    const p = (s: Summary) => `p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, p99 ${ms(s.p99)} (max ${ms(s.max)})`;
    const rowsFor = (kind: Kind, label: string): Row[] => {
      const ack = summarize(warm[kind].map((s) => s.ackMs));
      const reply = summarize(warm[kind].map((s) => s.replyMs));
      const coldAck = summarize(cold[kind].map((s) => s.ackMs));
      const coldReply = summarize(cold[kind].map((s) => s.replyMs));
      const notOk = [...cold[kind], ...warm[kind]].filter((s) => !s.ok).length;
      return [
        {
          what: `${label}: ${people.length} people at once, ${cfg.rounds} rounds (${int(ack.n)} commands${notOk ? `, ${notOk} answered with an error` : ", every one answered"}): acknowledgement (INTERACTION_CREATE dispatched -> callback at the stand-in)`,
          measured: p(ack),
          target: "p99 <= 1 s (Discord allows 3 s)",
          result: passFail(ack.p99 <= 1_000 && notOk === 0),
        },
        {
          what: `${label}: the same, until the reply (the deferred message edited with the answer)`,
          measured: p(reply),
          target: "",
          result: "",
        },
        {
          what: `${label}: the first round of it (nothing cached for these people yet)`,
          measured: `ack p99 ${ms(coldAck.p99)}; reply p99 ${ms(coldReply.p99)}`,
          target: "",
          result: "",
        },
      ];
    };
    const rows: Row[] = [
      ...rowsFor("whoami", "`/whoami` (me.get: the person's membership and role in Acme Ops)"),
      ...rowsFor(
        "pods",
        `\`/pods namespace:${NAMESPACE} cluster:bench\` (pods.list as each person: access checks as them, then ${cfg.pods} pods from the watch cache)`,
      ),
    ];
    const context = [
      "The stand-in and the timing proxy run in the bench's process; the worker and the web server (API, no pages) in their own;",
      "every command is a different Discord user (fixture members of Acme Ops with its Operators role).",
      machineLine(loadAtStart),
    ];
    await printReport(rows, context, { file: flags.json, data: { config: cfg, cold, warm } });
  } finally {
    await close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
