import { csvField, PolicyReport } from "@clustercord/contracts";
import { describe, expect, it } from "vitest";
import {
  auditObjects,
  countBySeverity,
  policies,
  reconcileViolations,
  toPolicyReports,
  violationsCsv,
} from "../src/index";
import { bareDeployment } from "./fixtures";

const now = new Date("2026-01-15T10:00:00.250Z");
const keys = policies.map((p) => p.key);

describe("PolicyReport", () => {
  it("groups violations per namespace as wgpolicyk8s.io/v1alpha2 and validates", () => {
    const a = bareDeployment("api");
    const b = bareDeployment("web");
    b.metadata = { name: "web", namespace: "blog" };
    const violations = auditObjects([a, b], keys);
    const reports = toPolicyReports(violations, { now, cluster: "prod" });
    expect(reports.map((r) => [r.kind, r.metadata.namespace])).toEqual([
      ["PolicyReport", "blog"],
      ["PolicyReport", "shop"],
    ]);
    for (const r of reports) expect(PolicyReport.parse(r)).toEqual(r);
    const shop = reports[1];
    expect(shop?.summary.fail).toBe(violations.filter((v) => v.namespace === "shop").length);
    expect(shop?.results[0]).toMatchObject({
      source: "clustercord",
      result: "fail",
      timestamp: { seconds: 1768471200, nanos: 250_000_000 },
      resources: [{ apiVersion: "apps/v1", kind: "Deployment", name: "api", namespace: "shop" }],
    });
    expect(shop?.results.map((r) => r.severity)).toContain("high");
    expect(shop?.results.find((r) => r.policy === "require-limits")?.category).toBe("Resources");
    expect(shop?.results.find((r) => r.policy === "run-as-non-root")).toMatchObject({
      category: "Pod Security",
      severity: "critical",
      properties: { container: "web", fixAvailable: "true" },
    });
  });

  it("leaves resolved violations out and uses last-seen as the timestamp", () => {
    const v = auditObjects([bareDeployment()], ["no-latest-tag"]);
    const stored = reconcileViolations([], v, new Date("2026-01-14T00:00:00Z")).violations;
    expect(toPolicyReports(stored, { now })[0]?.results[0]?.timestamp?.seconds).toBe(1768348800);
    const resolved = reconcileViolations(stored, [], now).violations;
    expect(toPolicyReports(resolved, { now })).toEqual([]);
  });

  it("counts per severity for the headline", () => {
    expect(countBySeverity(auditObjects([bareDeployment()], keys))).toEqual({
      CRITICAL: 1,
      HIGH: 2,
      MEDIUM: 2,
      LOW: 0,
      INFO: 0,
    });
  });
});

describe("CSV", () => {
  it("quotes commas, quotes and line breaks, and defuses formulas", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvField("-1,2")).toBe(`"'-1,2"`);
  });

  it("writes a header and one row per violation that a CSV reader gets back intact", () => {
    const v = auditObjects([bareDeployment()], ["require-probes"]);
    const csv = violationsCsv(v);
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe(
      "severity,policy,namespace,kind,name,container,message,fix_available,first_seen,last_seen,resolved_at",
    );
    expect(lines).toHaveLength(3);
    expect(lines[1]).toBe(
      "HIGH,require-probes,shop,Deployment,api,web,container web has no livenessProbe; container web has no readinessProbe,yes,,,",
    );
    // Read back with a small RFC 4180 reader.
    const readRow = (line: string) =>
      [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((m) => {
        const f = m[1] ?? "";
        return f.startsWith('"') ? f.slice(1, -1).replaceAll('""', '"') : f;
      });
    const tricky = { ...v[0], message: 'a "quoted", comma' } as (typeof v)[number];
    expect(readRow(violationsCsv([tricky]).split("\r\n")[1] ?? "")[6]).toBe('a "quoted", comma');
  });
});
