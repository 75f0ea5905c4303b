/**
 * Canary releases on the local control plane, through the API as Bob (an
 * operator of Acme), with the analysis jobs running as the web process runs
 * them (every 2 s here) and notify() delivering DMs through the Discord
 * stand-in:
 * - a healthy canary is promoted at the end of its window;
 * - a canary whose image crashes (tag `:crash-loop`: the test cluster's kwok
 *   stage reports CrashLoopBackOff with a growing restart count) is rolled
 *   back by itself with the reason;
 * - with the Gateway API CRDs installed, the HTTPRoute's weights follow the
 *   percentage and come back after a promotion by hand;
 * - abort by hand; every bad input refused with its message before anything exists.
 */
import { createDiscordDirectory } from "@clustercord/auth";
import type {
  RolloutsCanaryOutput,
  RolloutsCanaryPlan,
  RolloutsCanaryStatusOutput,
} from "@clustercord/contracts";
import { createJobRunner, type JobRunner } from "@clustercord/jobs";
import { createNotifyService, type NotifyService } from "@clustercord/notify";
import { installArgoRollouts, installGatewayApi } from "@clustercord/testenv/cluster";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canaryJobs } from "../src/services/canary-jobs";
import { ACME, type ApiHarness, BOB, CAROL, startApiHarness } from "./harness";

const ns = `clustercord-guild-${ACME}`;

let h: ApiHarness;
let notify: NotifyService;
let runner: JobRunner;
let clusterId: string;

const deployment = (name: string, replicas: number, image: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${ns}, labels: { app: ${name} } }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      containers:
        - name: app
          image: ${image}
          env: [{ name: MODE, value: prod }]
---
`;

const gatewayObjects = `
apiVersion: v1
kind: Service
metadata: { name: api, namespace: ${ns} }
spec:
  selector: { app: api }
  ports: [{ name: http, port: 80, targetPort: 8080 }]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: api, namespace: ${ns} }
spec:
  parentRefs: [{ name: shop-gateway }]
  rules:
    - matches: [{ path: { type: PathPrefix, value: /api } }]
      backendRefs: [{ name: api, port: 80 }]
---
# Gateway API ships no RBAC: the cluster admin lets "edit" (Acme's operators) change HTTPRoutes.
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: gateway-httproutes-edit
  labels: { rbac.authorization.k8s.io/aggregate-to-edit: "true" }
rules:
  - apiGroups: [gateway.networking.k8s.io]
    resources: [httproutes]
    verbs: [get, list, watch, create, update, patch, delete]
`;

beforeAll(async () => {
  h = await startApiHarness();
  clusterId = await h.addSharedCluster();
  notify = createNotifyService({
    prisma: h.db.prisma,
    discord: { apiBase: h.standIn.apiBase, botToken: h.standIn.fixture.bot.token },
    smtp: null,
    publicUrl: "https://cc.example.test",
  });
  runner = createJobRunner({ mode: "regular" });
  const entries = canaryJobs(
    {
      prisma: h.db.prisma,
      directory: createDiscordDirectory({
        apiBase: h.standIn.apiBase,
        botToken: h.standIn.fixture.bot.token,
      }),
      cipher: h.cipher,
      caches: h.caches,
      clusterGuard: h.clusterGuard,
      notifications: notify,
    },
    { runner: () => runner, intervalSeconds: 2 },
  );
  runner.register([...notify.jobs, ...entries].map((e) => e.job));
  notify.attachRunner(runner);
  for (const { job, schedule } of entries)
    if (schedule) await runner.schedule(job, schedule.cron, schedule.payload);
  await runner.start();

  // No Gateway API nor Argo Rollouts CRDs yet: the first canaries run on a cluster without them.
  await h.cluster.kubectl(
    ["apply", "-f", "-"],
    deployment("shop", 4, "ghcr.io/acme/shop:1.0") +
      deployment("pay", 2, "ghcr.io/acme/pay:1.0") +
      deployment("api", 4, "ghcr.io/acme/api:1.0"),
  );
  for (const name of ["shop", "pay", "api"]) {
    await h.cluster.kubectl(["rollout", "status", `deployment/${name}`, "-n", ns, "--timeout=90s"]);
  }
}, 600_000);

afterAll(async () => {
  await runner?.stop({ graceMs: 1_000 });
  await notify?.close();
  await h?.close();
});

async function until<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  ms = 60_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value).slice(0, 2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const json = async <T>(args: string[]): Promise<T> =>
  JSON.parse(await h.cluster.kubectl([...args, "-o", "json"])) as T;
type Dep = {
  spec: { replicas: number; template: { spec: { containers: { image: string }[] } } };
  metadata: { labels?: Record<string, string> };
};
const readDeployment = (name: string) => json<Dep>(["get", "deployment", name, "-n", ns]);
const exists = async (kind: string, name: string) =>
  (await h.cluster.kubectl(["get", kind, "-n", ns, "--ignore-not-found", "-o", "name"])).includes(
    `/${name}\n`,
  );

const plan = (input: Record<string, unknown>, who: readonly [string, string] = [BOB, ACME]) =>
  h.call<RolloutsCanaryPlan>("rollouts.planCanary", who, { input: { clusterId, namespace: ns, ...input } });
const start = (input: Record<string, unknown>, confirmToken: string) =>
  h.call<RolloutsCanaryOutput>("rollouts.canary", [BOB, ACME], {
    input: { clusterId, namespace: ns, ...input, confirmToken },
    mutation: true,
  });
const status = (name: string) =>
  h.call<RolloutsCanaryStatusOutput>("rollouts.canaryStatus", [BOB, ACME], {
    input: { clusterId, namespace: ns, deployment: name },
  });
const endedCanary = (name: string, ms = 60_000) =>
  until(
    `the canary of ${name} to end`,
    async () => (await status(name)).data?.canary,
    (c) => Boolean(c?.endedAt),
    ms,
  );
const dmTitled = (title: string) =>
  until(
    `a DM "${title}"`,
    async () => h.standIn.dms(BOB).filter((m) => m.embeds?.some((e) => e.title === title)),
    (found) => found.length > 0,
    30_000,
  );

describe("rollouts.planCanary refuses bad input before anything exists", () => {
  it.each([
    [
      { deployment: "shop", image: "ghcr.io/acme/shop:2.0", percentage: 0 },
      400,
      "Invalid input: percentage: percentage must be 1 to 99",
    ],
    [
      { deployment: "shop", image: "ghcr.io/acme/shop:2.0", percentage: 100 },
      400,
      "Invalid input: percentage: percentage must be 1 to 99",
    ],
    [
      { deployment: "shop", image: "nginx:", percentage: 20 },
      400,
      'The image "nginx:" is not a valid image reference: the tag after ":" is empty.',
    ],
    [
      { deployment: "shop", image: "UPPER/case", percentage: 20 },
      400,
      'The image "UPPER/case" is not a valid image reference: the repository name "UPPER/case" must be lowercase.',
    ],
    [
      { deployment: "missing", image: "ghcr.io/acme/shop:2.0", percentage: 20 },
      404,
      `No Deployment missing in namespace ${ns}.`,
    ],
    [
      { deployment: "shop", image: "ghcr.io/acme/shop:1.0", percentage: 20 },
      400,
      "shop already runs ghcr.io/acme/shop:1.0; a canary needs a different image.",
    ],
  ])("%j -> %i", async (input, code, message) => {
    const res = await plan(input);
    expect(res.status).toBe(code);
    expect(res.error?.message).toBe(message);
  });

  it("refuses a namespace that is not the person's, and a viewer", async () => {
    const other = await h.call("rollouts.planCanary", [BOB, ACME], {
      input: {
        clusterId,
        namespace: "kube-system",
        deployment: "coredns",
        image: "nginx:1.27",
        percentage: 20,
      },
    });
    expect(other.status).toBe(404);
    expect(other.error?.message).toBe("No such cluster or namespace for you in this server.");
    const viewer = await plan({ deployment: "shop", image: "ghcr.io/acme/shop:2.0", percentage: 20 }, [
      CAROL,
      ACME,
    ]);
    expect(viewer.status).toBe(403);
    expect(viewer.error?.message).toMatch(/^This needs the operator role in .+; you are viewer\.$/);
  });

  it("created nothing", async () => {
    expect(await h.db.prisma.canary.count()).toBe(0);
    expect(
      await h.cluster.kubectl(["get", "deployments", "-n", ns, "-l", "track=canary", "-o", "name"]),
    ).toBe("");
  });
});

describe("a healthy canary", () => {
  it("runs beside the stable with the split of the plan, then is promoted at the window's end", async () => {
    const input = { deployment: "shop", image: "ghcr.io/acme/shop:2.0", percentage: 25, windowSeconds: 10 };
    const planned = await plan(input);
    expect(planned.status).toBe(200);
    expect(planned.data).toMatchObject({
      summary: `Start a canary of shop in ${ns} with ghcr.io/acme/shop:2.0 (25%)?`,
      stableReplicas: 3,
      canaryReplicas: 1,
      traffic: "replicas",
      httpRoute: null,
    });
    expect(planned.data.changes[0]).toBe(
      "Create Deployment shop-canary: 1 replica of ghcr.io/acme/shop:2.0 (now ghcr.io/acme/shop:1.0), the pods of shop labelled track: canary.",
    );
    expect(planned.data.changes[1]).toBe("Scale shop from 4 to 3 replicas, so the total stays 4.");
    // No Gateway API on the cluster yet: the split is by replicas, and nothing says otherwise.
    expect(planned.data.changes[2]).toBe("Traffic follows the replica counts: about 25% reaches the canary.");

    const wrong = await start(input, "x.AAAAAAAAAAAAAAAAAAAAAA");
    expect(wrong.status).toBe(403);
    const started = await start(input, planned.data.confirmToken);
    expect(started.status).toBe(200);
    expect(started.data.message).toBe(
      "Canary of shop started: 1 replica of ghcr.io/acme/shop:2.0; analysis for 10 s.",
    );
    expect(started.data.canary).toMatchObject({
      deployment: "shop",
      canaryDeployment: "shop-canary",
      image: "ghcr.io/acme/shop:2.0",
      stableImage: "ghcr.io/acme/shop:1.0",
      percentage: 25,
      traffic: "replicas",
      // The stable's share while it runs, as the plan said (the total comes back when it ends).
      stableReplicas: 3,
      canaryReplicas: 1,
      phase: "analysing",
      endedAt: null,
    });

    // Created as asked: same pods plus track: canary, the new image, the stable scaled to keep the total.
    const canary = await readDeployment("shop-canary");
    expect(canary.metadata.labels).toMatchObject({
      app: "shop",
      track: "canary",
      "clustercord.io/canary-of": "shop",
    });
    expect(canary.spec.replicas).toBe(1);
    expect(canary.spec.template.spec.containers[0]?.image).toBe("ghcr.io/acme/shop:2.0");
    expect((await readDeployment("shop")).spec.replicas).toBe(3);
    // The same start again is refused: one running canary per Deployment.
    const again = await plan(input);
    expect(again.status).toBe(409);
    expect(again.error?.message).toMatch(
      /^A canary of shop is already running \(ghcr\.io\/acme\/shop:2\.0, started .+\); promote or abort it first\.$/,
    );

    const ended = await endedCanary("shop");
    expect(ended).toMatchObject({
      phase: "promoted",
      reason: "1 of 1 canary pods Ready with no restarts for the 10 s window",
    });
    expect(ended?.checks.length).toBeGreaterThan(1);
    expect(ended?.checks.at(-1)).toMatchObject({ ready: 1, desired: 1, restarts: 0, healthy: true });
    const stable = await readDeployment("shop");
    expect(stable.spec.replicas).toBe(4);
    expect(stable.spec.template.spec.containers[0]?.image).toBe("ghcr.io/acme/shop:2.0");
    await until(
      "shop-canary gone",
      () => exists("deployment", "shop-canary"),
      (e) => !e,
    );

    await dmTitled("Canary of shop promoted");
    const audit = await h.db.prisma.auditLog.findFirst({ where: { action: "rollouts.canary.promote" } });
    expect(audit).toMatchObject({
      actorId: BOB,
      guildId: ACME,
      result: "ok",
      via: "discord",
      target: `cluster/${clusterId}/namespace/${ns}/deployment/shop`,
    });
    expect(audit?.actorName).toMatch(/^system on behalf of /);
  });
});

describe("a canary whose pods crash", () => {
  it("is rolled back by itself with the reason, and the person is told", async () => {
    const input = {
      deployment: "pay",
      image: "ghcr.io/acme/pay:crash-loop",
      percentage: 50,
      windowSeconds: 60,
    };
    const planned = await plan(input);
    expect(planned.data).toMatchObject({ stableReplicas: 1, canaryReplicas: 1 });
    expect((await start(input, planned.data.confirmToken)).status).toBe(200);

    const ended = await endedCanary("pay", 45_000);
    expect(ended?.phase).toBe("rolled-back");
    expect(ended?.reason).toMatch(
      /^canary pod pay-canary-[a-z0-9]+-[a-z0-9]+ restarted (once|\d+ times): CrashLoopBackOff, exit code 1$/,
    );
    expect(ended?.checks.at(-1)).toMatchObject({ healthy: false });
    // Well before the window's end.
    expect(Date.parse(ended?.endedAt ?? "")).toBeLessThan(Date.parse(ended?.analysisEndsAt ?? ""));
    const stable = await readDeployment("pay");
    expect(stable.spec.replicas).toBe(2);
    expect(stable.spec.template.spec.containers[0]?.image).toBe("ghcr.io/acme/pay:1.0");
    await until(
      "pay-canary gone",
      () => exists("deployment", "pay-canary"),
      (e) => !e,
    );

    const [dm] = await dmTitled("Canary of pay rolled back");
    expect(JSON.stringify(dm)).toContain("restarted");
    expect(
      await h.db.prisma.auditLog.count({ where: { action: "rollouts.canary.rollback", result: "ok" } }),
    ).toBe(1);
  });

  it("can be started again and aborted by hand", async () => {
    const input = { deployment: "pay", image: "ghcr.io/acme/pay:1.1", percentage: 50, windowSeconds: 300 };
    const planned = await plan(input);
    expect((await start(input, planned.data.confirmToken)).status).toBe(200);
    expect(await exists("deployment", "pay-canary")).toBe(true);

    const byViewer = await h.call("rollouts.abort", [CAROL, ACME], {
      input: { clusterId, namespace: ns, deployment: "pay" },
      mutation: true,
    });
    expect(byViewer.status).toBe(403);
    const aborted = await h.call<RolloutsCanaryOutput>("rollouts.abort", [BOB, ACME], {
      input: { clusterId, namespace: ns, deployment: "pay" },
      mutation: true,
    });
    expect(aborted.status).toBe(200);
    const bob = h.standIn.fixture.users.find((u) => u.id === BOB);
    const name = bob?.globalName ?? bob?.username;
    expect(aborted.data.message).toBe(`Canary of pay aborted: aborted by ${name}.`);
    expect(aborted.data.canary).toMatchObject({ phase: "aborted", reason: `aborted by ${name}` });
    expect((await readDeployment("pay")).spec.replicas).toBe(2);
    expect((await readDeployment("pay")).spec.template.spec.containers[0]?.image).toBe(
      "ghcr.io/acme/pay:1.0",
    );
    await until(
      "pay-canary gone",
      () => exists("deployment", "pay-canary"),
      (e) => !e,
    );
    const nothing = await h.call("rollouts.abort", [BOB, ACME], {
      input: { clusterId, namespace: ns, deployment: "pay" },
      mutation: true,
    });
    expect(nothing.status).toBe(404);
    expect(nothing.error?.message).toBe(`No canary of pay is running in ${ns}.`);
  });
});

describe("a canary behind a Gateway API HTTPRoute", () => {
  type Route = { spec: { rules: { backendRefs: { name: string; port: number; weight?: number }[] }[] } };
  type Svc = { spec: { selector: Record<string, string> } };
  const backends = async () =>
    (await json<Route>(["get", "httproute", "api", "-n", ns])).spec.rules[0]?.backendRefs.map((b) => ({
      name: b.name,
      port: b.port,
      weight: b.weight,
    }));

  it("splits the traffic by backend weights, and a promotion by hand gives it all back to the stable", async () => {
    await installGatewayApi(h.cluster);
    await h.cluster.kubectl(["apply", "-f", "-"], gatewayObjects);
    const input = { deployment: "api", image: "ghcr.io/acme/api:2.0", percentage: 25, windowSeconds: 300 };
    const planned = await plan(input);
    expect(planned.status).toBe(200);
    expect(planned.data).toMatchObject({
      traffic: "gateway-api",
      httpRoute: "api",
      stableReplicas: 3,
      canaryReplicas: 1,
    });
    expect(planned.data.changes).toContain("HTTPRoute api sends 75% to api and 25% to api-canary.");
    const started = await start(input, planned.data.confirmToken);
    expect(started.status).toBe(200);
    expect(started.data.message).toBe(
      "Canary of api started: 1 replica of ghcr.io/acme/api:2.0 with 25% of the traffic through HTTPRoute api; analysis for 5 min.",
    );

    expect(await backends()).toEqual([
      { name: "api", port: 80, weight: 75 },
      { name: "api-canary", port: 80, weight: 25 },
    ]);
    const canarySvc = await json<Svc>(["get", "service", "api-canary", "-n", ns]);
    expect(canarySvc.spec.selector).toEqual({ app: "api", track: "canary" });
    // The stable Service selects only the stable's pods meanwhile (its ReplicaSet's hash).
    const stableSvc = await json<Svc>(["get", "service", "api", "-n", ns]);
    expect(Object.keys(stableSvc.spec.selector).sort()).toEqual(["app", "pod-template-hash"]);

    // rollouts.canaryStatus and a viewer's read of it.
    const seen = await h.call<RolloutsCanaryStatusOutput>("rollouts.canaryStatus", [CAROL, ACME], {
      input: { clusterId, namespace: ns, deployment: "api" },
    });
    expect(seen.data.canary).toMatchObject({ phase: "analysing", traffic: "gateway-api", httpRoute: "api" });

    const promoted = await h.call<RolloutsCanaryOutput>("rollouts.promote", [BOB, ACME], {
      input: { clusterId, namespace: ns, deployment: "api" },
      mutation: true,
    });
    expect(promoted.status).toBe(200);
    expect(promoted.data.canary.phase).toBe("promoted");
    expect(promoted.data.message).toMatch(
      /^Canary of api promoted: api now runs ghcr\.io\/acme\/api:2\.0\. promoted by hand by .+\.$/,
    );
    expect(await backends()).toEqual([{ name: "api", port: 80, weight: 100 }]);
    expect((await json<Svc>(["get", "service", "api", "-n", ns])).spec.selector).toEqual({ app: "api" });
    expect(await exists("service", "api-canary")).toBe(false);
    const stable = await readDeployment("api");
    expect(stable.spec.replicas).toBe(4);
    expect(stable.spec.template.spec.containers[0]?.image).toBe("ghcr.io/acme/api:2.0");
    await until(
      "api-canary gone",
      () => exists("deployment", "api-canary"),
      (e) => !e,
    );
    const audit = await h.db.prisma.auditLog.findFirst({ where: { action: "rollouts.promote" } });
    expect(audit).toMatchObject({
      actorId: BOB,
      result: "ok",
      target: `cluster/${clusterId}/namespace/${ns}/deployment/api`,
    });
  });
});

describe("an Argo Rollout", () => {
  const rollout = `
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: { name: cart, namespace: ${ns} }
spec:
  replicas: 4
  selector: { matchLabels: { app: cart } }
  template:
    metadata: { labels: { app: cart } }
    spec: { containers: [{ name: app, image: ghcr.io/acme/cart:2.0 }] }
  strategy:
    canary:
      steps: [{ setWeight: 25 }, { pause: {} }, { setWeight: 50 }, { pause: { duration: 60 } }]
`;
  type Ro = { spec: { paused?: boolean }; status?: { pauseConditions?: unknown[]; abort?: boolean } };
  const ref = { clusterId, namespace: ns, deployment: "cart" };

  it("is shown, promoted and aborted as kubectl argo rollouts does, as the person", async () => {
    await installArgoRollouts(h.cluster);
    await h.cluster.kubectl(["apply", "-f", "-"], rollout);
    // No controller runs here: the status is written as Argo's controller would at the pause step.
    await h.cluster.kubectl([
      "patch",
      "rollout",
      "cart",
      "-n",
      ns,
      "--subresource=status",
      "--type=merge",
      "-p",
      JSON.stringify({
        status: {
          phase: "Paused",
          message: "CanaryPauseStep",
          currentStepIndex: 1,
          controllerPause: true,
          pauseConditions: [{ reason: "CanaryPauseStep", startTime: new Date().toISOString() }],
        },
      }),
    ]);

    const seen = await h.call<RolloutsCanaryStatusOutput>("rollouts.canaryStatus", [CAROL, ACME], {
      input: { ...ref, clusterId },
    });
    expect(seen.status).toBe(200);
    expect(seen.data).toEqual({
      canary: null,
      argoRollout: {
        name: "cart",
        phase: "Paused",
        message: "CanaryPauseStep",
        paused: true,
        aborted: false,
        currentStep: 1,
        steps: 4,
        canaryWeight: 25,
        images: ["ghcr.io/acme/cart:2.0"],
      },
    });

    const byViewer = await h.call("rollouts.promote", [CAROL, ACME], {
      input: { ...ref, clusterId },
      mutation: true,
    });
    expect(byViewer.status).toBe(403);
    const promoted = await h.call<RolloutsCanaryOutput>("rollouts.promote", [BOB, ACME], {
      input: { ...ref, clusterId },
      mutation: true,
    });
    expect(promoted.status).toBe(200);
    expect(promoted.data.message).toBe(
      "Promoted Argo Rollout cart (now at step 1 of 4): its controller goes on from there.",
    );
    expect(promoted.data.canary).toMatchObject({ deployment: "cart", phase: "analysing", percentage: 25 });
    expect(promoted.data.canary.id).toMatch(/^argo:/);
    const afterPromote = await json<Ro>(["get", "rollout", "cart", "-n", ns]);
    expect(afterPromote.status?.pauseConditions).toBeUndefined();

    const aborted = await h.call<RolloutsCanaryOutput>("rollouts.abort", [BOB, ACME], {
      input: { ...ref, clusterId },
      mutation: true,
    });
    expect(aborted.status).toBe(200);
    expect(aborted.data.message).toBe(
      "Aborted Argo Rollout cart: its controller goes back to the stable version.",
    );
    expect(aborted.data.canary.phase).toBe("aborted");
    expect((await json<Ro>(["get", "rollout", "cart", "-n", ns])).status?.abort).toBe(true);
    expect(
      await h.db.prisma.auditLog.count({
        where: {
          action: { in: ["rollouts.promote", "rollouts.abort"] },
          target: { endsWith: "/deployment/cart" },
          result: "ok",
        },
      }),
    ).toBe(2);
  });
});
