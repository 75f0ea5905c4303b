import type {
  PoliciesListOutput,
  PoliciesViolationsOutput,
  PolicyFixPlan,
  PolicyState,
  StoredViolation,
} from "@clustercord/contracts";
import { PolicyKeyInput } from "@clustercord/contracts";
import { describe, expect, it } from "vitest";
import { fixButtonIds, fixPlanReply } from "../src/commands/policy/fix";
import { policyCommand } from "../src/commands/policy/index";
import { policyTypeChoices, violationChoices } from "../src/commands/policy/options";
import {
  renderAuditPass,
  renderFixPlan,
  renderPolicyList,
  renderPolicyState,
  renderReport,
  renderViolations,
  severityCounts,
  VIOLATION_ROWS,
} from "../src/render/policies";

const CLUSTER = "0b4f3c2e-8d7a-4f61-9c3b-2a1e5d6f7a8b";

const state = (over: Partial<PolicyState> = {}): PolicyState => ({
  key: "require-limits",
  title: "Require resource limits",
  description: "Every container sets CPU and memory limits.",
  severity: "MEDIUM",
  enabled: false,
  mode: null,
  scope: null,
  exclusions: { namespaces: [], labels: {} },
  objects: [],
  drift: null,
  violations: 0,
  ...over,
});

const violation = (over: Partial<StoredViolation> = {}): StoredViolation => ({
  policy: "no-privileged",
  severity: "CRITICAL",
  namespace: "shop",
  apiVersion: "apps/v1",
  kind: "Deployment",
  name: "api",
  container: "app",
  message: "container app is privileged",
  fixAvailable: true,
  firstSeen: "2026-11-30T09:00:00.000Z",
  lastSeen: "2026-11-30T10:00:00.000Z",
  resolvedAt: null,
  ...over,
});

const noCounts = { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, INFO: 0 };

describe("/policy list", () => {
  const list = (over: Partial<PoliciesListOutput> = {}): PoliciesListOutput => ({
    clusterId: CLUSTER,
    shared: true,
    canManage: true,
    policies: [
      state({
        enabled: true,
        mode: "Warn",
        violations: 3,
        objects: ["ValidatingAdmissionPolicy/clustercord-require-limits"],
      }),
      state({ key: "no-privileged", title: "Prevent privileged containers", severity: "CRITICAL" }),
      state({
        key: "no-latest-tag",
        severity: "HIGH",
        enabled: true,
        mode: "Enforce",
        drift: "validationActions were changed to [Audit]",
      }),
    ],
    lastAuditAt: "2026-11-30T10:05:00.000Z",
    ...over,
  });

  it("shows each policy's mode (off when disabled), severity and open violations as a table", () => {
    const embed = renderPolicyList(list(), "shared");
    expect(embed.title).toBe("Policies on shared (shared)");
    const rows = embed.description?.split("\n") ?? [];
    expect(rows).toContain("POLICY          MODE     SEVERITY  OPEN");
    expect(rows).toContain("require-limits  Warn     MEDIUM    3");
    expect(rows).toContain("no-privileged   off      CRITICAL  0");
    expect(rows).toContain("no-latest-tag   Enforce  HIGH      0");
    expect(embed.description).toContain("⚠️ no-latest-tag drifted: validationActions were changed to [Audit]");
    expect(embed.footer?.text).toBe("2 of 3 on · last audit 2026-11-30 10:05 UTC");
  });

  it("tells a tenant who changes policies on a shared cluster", () => {
    const embed = renderPolicyList(list({ canManage: false }), "shared");
    expect(embed.description).toContain("Only the cluster owner's admins change policies");
  });
});

describe("policy state", () => {
  it("says the mode and what it does", () => {
    const embed = renderPolicyState(
      state({ key: "no-latest-tag", title: "Prevent latest tag", enabled: true, mode: "Warn" }),
    );
    expect(embed.title).toBe("no-latest-tag: Warn mode");
    expect(embed.description).toContain("let in with a warning");
    expect(renderPolicyState(state()).title).toBe("require-limits: off");
  });
});

describe("/policy violations", () => {
  const out = (violations: StoredViolation[], counts = noCounts): PoliciesViolationsOutput => ({
    clusterId: CLUSTER,
    violations,
    counts,
    lastAuditAt: null,
  });

  it("shows counts by severity and a table of violations with the fix command for the first", () => {
    const embed = renderViolations(
      out(
        [
          violation(),
          violation({ policy: "require-limits", severity: "MEDIUM", name: "web", container: null }),
        ],
        { ...noCounts, CRITICAL: 1, MEDIUM: 1 },
      ),
      { clusterName: "shared", severity: "MEDIUM" },
    );
    expect(embed.title).toBe("Policy violations on shared (MEDIUM and above)");
    const lines = embed.description?.split("\n") ?? [];
    // One namespace: said once above the table instead of in a column.
    expect(lines[0]).toBe("**CRITICAL 1 · MEDIUM 1** in `shop`");
    expect(lines).toContain("SEVERITY  POLICY          WORKLOAD        CONTAINER");
    expect(lines).toContain("CRITICAL  no-privileged   Deployment/api  app");
    expect(lines).toContain("MEDIUM    require-limits  Deployment/web  -");
    expect(embed.description).toContain(
      "`/policy fix workload:Deployment/api violation:no-privileged namespace:shop`",
    );
  });

  it("has a NAMESPACE column when the rows are in several", () => {
    const embed = renderViolations(
      out([violation(), violation({ namespace: "blog", name: "web" })], { ...noCounts, CRITICAL: 2 }),
      { clusterName: "c" },
    );
    const lines = embed.description?.split("\n") ?? [];
    expect(lines[0]).toBe("**CRITICAL 2**");
    expect(lines).toContain("CRITICAL  no-privileged  shop       Deployment/api  app");
    expect(lines).toContain("CRITICAL  no-privileged  blog       Deployment/web  app");
  });

  it("lists the first rows and counts the rest", () => {
    const many = Array.from({ length: 40 }, (_, i) => violation({ name: `app-${i}` }));
    const embed = renderViolations(out(many, { ...noCounts, CRITICAL: 40 }), { clusterName: "c" });
    expect(embed.description).toContain(`…and ${40 - VIOLATION_ROWS} more.`);
    expect(embed.description).toContain(`Deployment/app-${VIOLATION_ROWS - 1}`);
    expect(embed.description).not.toContain(`Deployment/app-${VIOLATION_ROWS} `);
    expect(embed.description?.length).toBeLessThanOrEqual(4096);
  });

  it("says when there are none", () => {
    const embed = renderViolations(out([]), { clusterName: "c" });
    expect(embed.description).toBe("No open violations.");
    expect(severityCounts(noCounts)).toBe("none");
  });
});

describe("audit, report and fix", () => {
  it("reports an audit pass", () => {
    const embed = renderAuditPass({
      clusterId: CLUSTER,
      objects: 42,
      open: 3,
      opened: 1,
      resolved: 2,
      finishedAt: "2026-11-30T10:06:00.000Z",
    });
    expect(embed.description).toBe("42 objects checked: 3 open violation(s), 1 new, 2 resolved.");
  });

  it("attaches the report's bytes as the API sent them", () => {
    const pdf = Buffer.from("%PDF-1.7\n...");
    const { embed, file } = renderReport(
      {
        filename: "policy-report.pdf",
        contentType: "application/pdf",
        base64: pdf.toString("base64"),
        bytes: pdf.length,
        violations: 5,
      },
      "shared",
    );
    expect(file.name).toBe("policy-report.pdf");
    expect((file.attachment as Buffer).subarray(0, 5).toString()).toBe("%PDF-");
    expect(embed.description).toContain("5 violation(s)");
  });

  const fixPlan: PolicyFixPlan = {
    clusterId: CLUSTER,
    policy: "require-limits",
    namespace: "shop",
    workload: "Deployment/api",
    patch: [{ op: "add", path: "/spec/template/spec/containers/0/resources/limits", value: { cpu: "500m" } }],
    diff: "       resources:\n+        limits:\n+          cpu: 500m\n",
    summary: ["cpu limit 500m (the LimitRange default)"],
    warnings: ["No metrics yet: limits come from the LimitRange."],
    planId: "7f0c9e52-1b3d-4a8e-b6f2-9d4c3a2b1e0f",
    confirmToken: "mbx3k9z1.AbCdEfGhIjKlMnOpQrStUv",
    expiresAt: "2026-11-30T12:00:00.000Z",
  };

  it("shows a fix's summary, warnings and diff with Confirm/Cancel", () => {
    const embed = renderFixPlan(fixPlan);
    expect(embed.title).toBe("Fix require-limits on Deployment/api in shop");
    expect(embed.description).toContain("• cpu limit 500m (the LimitRange default)");
    expect(embed.description).toContain("⚠️ No metrics yet");
    expect(embed.description).toContain("```diff\n       resources:\n+        limits:");
    const ids = fixButtonIds(fixPlan);
    expect(ids.confirm.length).toBeLessThanOrEqual(100);
    const reply = fixPlanReply(fixPlan);
    expect(JSON.stringify(reply.components)).toContain('"label":"Fix Deployment/api"');
  });
});

describe("the /policy definition", () => {
  it("offers every choice the API accepts, within Discord's limits", () => {
    for (const c of [...policyTypeChoices, ...violationChoices]) {
      expect(PolicyKeyInput.safeParse(c.value).success, c.value).toBe(true);
    }
    expect(policyTypeChoices.map((c) => c.value)).toContain("require-resource-limits");
    expect(violationChoices.map((c) => c.value)).toContain("missing-limits");
    expect(policyTypeChoices.length).toBeLessThanOrEqual(25);
    const def = policyCommand.definition;
    const subs = def.options ?? [];
    expect(subs.map((s) => s.name)).toEqual([
      "list",
      "enable",
      "mode",
      "disable",
      "violations",
      "audit",
      "report",
      "fix",
    ]);
    for (const sub of subs) {
      expect(sub.description.length, sub.name).toBeLessThanOrEqual(100);
      for (const option of "options" in sub ? (sub.options ?? []) : []) {
        expect(option.description.length, `${sub.name} ${option.name}`).toBeLessThanOrEqual(100);
      }
    }
  });
});
