import { PolicyReport } from "@clustercord/contracts";
import type { Cluster } from "@clustercord/testenv/cluster";
import type { ReplyPayload } from "@clustercord/testenv/discord";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ACME,
  ALICE,
  BOB,
  buttonId,
  CAROL,
  opt,
  startWorkerWithSharedCluster,
  type WorkerHarness,
} from "./harness";

// /policy through the real worker and the Discord stand-in, against the real API (policies.*,
// ValidatingAdmissionPolicies on the local control plane). Alice owns Acme (she changes policies),
// Bob is an operator there (he applies and fixes), Carol a viewer.

const nsAcme = `clustercord-guild-${ACME}`;
const LONG = 120_000;

let h: WorkerHarness;
let kube: Cluster;
let stack: Awaited<ReturnType<typeof startWorkerWithSharedCluster>>;

beforeAll(async () => {
  stack = await startWorkerWithSharedCluster("policy");
  ({ h, kube } = stack);
}, 600_000);

afterAll(async () => {
  await stack?.close();
});

const policy = (who: string, subcommand: string, options: ReturnType<typeof opt>[] = []) =>
  h.send({ userId: who, guildId: ACME, name: "policy", subcommand, options });

const apply = (who: string, filename: string, yaml: string) =>
  h.send({
    userId: who,
    guildId: ACME,
    name: "apply",
    options: [
      { name: "file", type: 11 as const, file: { filename, contentType: "application/yaml", data: yaml } },
      opt("namespace", nsAcme),
    ],
  });

const text = (reply: ReplyPayload) =>
  (reply.embeds ?? [])
    .map((e) => `${e.title ?? ""}\n${e.description ?? ""}\n${e.footer?.text ?? ""}`)
    .join("\n");

/** A Deployment with one container; `limits: false` leaves out resources (a require-limits violation). */
const deployment = (name: string, image: string, limits = true) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: 1
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      containers:
        - name: web
          image: ${image}
          ports: [{ containerPort: 8080 }]
${limits ? "          resources:\n            requests: { cpu: 50m, memory: 64Mi }\n            limits: { cpu: 100m, memory: 128Mi }\n" : ""}`;

/** Runs /policy audit until its reply (and then `check`'s) says what is wanted: the watch caches follow the cluster. */
async function auditUntil(who: string, check: () => Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pass = await policy(who, "audit");
    expect(text(pass)).toMatch(/\d+ objects checked/);
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`audit never got there: ${text(pass)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Plans with /apply and presses Confirm as the same person; returns the result message. */
async function applyConfirmed(who: string, filename: string, yaml: string) {
  const plan = await apply(who, filename, yaml);
  const label = "Apply 1 object";
  expect(text(plan), text(plan)).toContain("Apply 1 object");
  return { plan, result: await h.click(who, ACME, buttonId(plan.components, label), plan.id ?? "") };
}

describe("/policy", () => {
  it("lists the seven policies, all off, and refuses a viewer's enable", async () => {
    const list = await policy(ALICE, "list");
    const shown = text(list);
    for (const key of [
      "require-limits",
      "require-probes",
      "no-privileged",
      "read-only-root-fs",
      "no-host-network",
      "no-latest-tag",
      "run-as-non-root",
    ]) {
      expect(shown).toMatch(new RegExp(`${key}\\s+off\\s+`));
    }
    const refused = await policy(CAROL, "enable", [opt("type", "no-latest-tag"), opt("mode", "Warn")]);
    expect(refused.embeds?.[0]?.description).toMatch(/^⚠️ /);
    expect(text(await policy(ALICE, "list"))).toMatch(/no-latest-tag\s+off/);
  });

  it(
    "enable no-latest-tag in Warn mode: a :latest Deployment is applied with the warning line",
    async () => {
      const enabled = await policy(ALICE, "enable", [opt("type", "prevent-latest-tag"), opt("mode", "Warn")]);
      expect(text(enabled)).toContain("no-latest-tag: Warn mode");
      expect(text(await policy(ALICE, "list"))).toMatch(/no-latest-tag\s+Warn/);

      // The API server picks up the new binding from its informer a moment after
      // the change: plan until the server dry-run gives the policy's warning.
      const warned = /⚠️ .*\(policy no-latest-tag\)/;
      let plan = await apply(BOB, "latest.yaml", deployment("latest-web", "nginx:latest"));
      for (let i = 0; i < 40 && !warned.test(text(plan)); i++) {
        await new Promise((r) => setTimeout(r, 500));
        plan = await apply(BOB, "latest.yaml", deployment("latest-web", "nginx:latest"));
      }
      expect(text(plan)).toMatch(warned);
      expect(text(plan)).toContain("Apply 1 object");
      // ...and so does the apply.
      const result = await h.click(BOB, ACME, buttonId(plan.components, "Apply 1 object"), plan.id ?? "");
      const done = text(result);
      expect(done).toContain(`✅ applied Deployment \`${nsAcme}/latest-web\``);
      expect(done).toMatch(/⚠️ Deployment .*latest-web.*latest/);
      expect(await kube.kubectl(["get", "deployment", "latest-web", "-n", nsAcme, "-o", "name"])).toContain(
        "latest-web",
      );
    },
    LONG,
  );

  it(
    "Enforce mode: /validate shows the cluster's refusal at the dry-run with the policy; disable lets it in",
    async () => {
      const mode = await policy(ALICE, "mode", [opt("type", "no-latest-tag"), opt("mode", "Enforce")]);
      expect(text(mode)).toContain("no-latest-tag: Enforce mode");
      const validate = () =>
        h.send({
          userId: BOB,
          guildId: ACME,
          name: "validate",
          options: [
            {
              name: "file",
              type: 11 as const,
              file: { filename: "enforced.yaml", data: deployment("enforced", "nginx:latest") },
            },
            opt("namespace", nsAcme),
          ],
        });
      // The API server picks up a changed binding from its informer: a moment after the change.
      let reply = await validate();
      for (let i = 0; i < 20 && !/❌ \*\*Server dry-run\*\*/.test(text(reply)); i++) {
        await new Promise((r) => setTimeout(r, 500));
        reply = await validate();
      }
      expect(text(reply)).toMatch(/❌ \*\*Server dry-run\*\*/);
      expect(text(reply)).toMatch(/❌ `enforced\.yaml:1(:\d+)?`.*\(policy no-latest-tag\)/);
      const off = await policy(ALICE, "disable", [opt("type", "no-latest-tag")]);
      expect(text(off)).toContain("no-latest-tag: off");
    },
    LONG,
  );

  it(
    "violations -> fix (diff, Confirm) -> resolved after /policy audit",
    async () => {
      // No limits and no securityContext: a require-limits and a run-as-non-root violation.
      await applyConfirmed(BOB, "unbounded.yaml", deployment("unbounded", "nginx:1.27.3", false));
      for (const type of ["require-resource-limits", "require-non-root-user"]) {
        const enabled = await policy(ALICE, "enable", [opt("type", type), opt("mode", "Audit")]);
        expect(text(enabled)).toMatch(/(require-limits|run-as-non-root): Audit mode/);
      }
      const listed = async (type: string) =>
        text(await policy(BOB, "violations", [opt("severity", "MEDIUM"), opt("type", type)]));
      await auditUntil(BOB, async () => (await listed("run-as-non-root")).includes("Deployment/unbounded"));
      expect(await listed("require-limits")).toMatch(/HIGH\s+require-limits\s+Deployment\/unbounded\s+web/);

      // Limits need observed usage or a LimitRange default: the API says it cannot guess them.
      const guess = await policy(BOB, "fix", [
        opt("workload", "Deployment/unbounded"),
        opt("violation", "missing-limits"),
      ]);
      expect(guess.embeds?.[0]?.description).toMatch(/^⚠️ .*require-limits on Deployment\/unbounded/);
      expect(guess.components ?? []).toEqual([]);

      const plan = await policy(BOB, "fix", [
        opt("workload", "Deployment/unbounded"),
        opt("violation", "runs-as-root"),
      ]);
      const shown = text(plan);
      expect(shown).toContain(`Fix run-as-non-root on Deployment/unbounded in ${nsAcme}`);
      expect(shown).toMatch(/```diff\n[\s\S]*\+\s+runAsNonRoot: true/);
      expect(shown).toMatch(/Confirm <t:\d+:R>\./);

      const fixed = await h.click(
        BOB,
        ACME,
        buttonId(plan.components, "Fix Deployment/unbounded"),
        plan.id ?? "",
      );
      expect(text(fixed)).toContain(`✅ applied Deployment \`${nsAcme}/unbounded\``);
      const live = JSON.parse(
        await kube.kubectl(["get", "deployment", "unbounded", "-n", nsAcme, "-o", "json"]),
      );
      expect(JSON.stringify(live.spec.template.spec)).toContain('"runAsNonRoot":true');

      await auditUntil(BOB, async () => !(await listed("run-as-non-root")).includes("Deployment/unbounded"));
      expect(await listed("run-as-non-root")).not.toContain("Deployment/unbounded");
      // The other violation of the same workload stays open.
      expect(await listed("require-limits")).toContain("Deployment/unbounded");
    },
    LONG,
  );

  it("report format:pdf attaches a PDF; json a PolicyReport", async () => {
    const pdf = await policy(BOB, "report", [opt("format", "pdf")]);
    const file = pdf.attachments?.find((a) => a.filename.endsWith(".pdf"));
    expect(file, JSON.stringify(pdf)).toBeTruthy();
    const bytes = Buffer.from(await (await fetch(file?.url ?? "")).arrayBuffer());
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(text(pdf)).toMatch(/Policy report for shared: \d+ violation\(s\)/);

    const json = await policy(BOB, "report", [opt("format", "json")]);
    const report = json.attachments?.find((a) => a.filename.endsWith(".json"));
    const body = JSON.parse(report?.content ?? (await (await fetch(report?.url ?? "")).text()));
    // A List of PolicyReports (one per namespace), each valid as the contract's PolicyReport.
    expect(body).toMatchObject({ apiVersion: "v1", kind: "List" });
    expect(body.items.length).toBeGreaterThan(0);
    for (const item of body.items) expect(PolicyReport.safeParse(item).success).toBe(true);
    expect(JSON.stringify(body)).toContain("unbounded");
  });
});
