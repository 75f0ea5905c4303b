import type { DiagnoseTarget, DiagnosticsRunOutput, Finding } from "@clustercord/contracts";
import { describe, expect, it } from "vitest";
import { CUSTOM_ID_MAX, unpackId } from "../src/commands/cluster/custom-id";
import { diagnosedTarget, fixButtonId, fixRows } from "../src/commands/diagnose-fix";
import { renderDiagnosis } from "../src/render/diagnostics";

const CLUSTER = "0b4f3c2e-8d7a-4f61-9c3b-2a1e5d6f7a8b";
const NS = "clustercord-guild-200000000000000001";
const FP = "9f86d081884c7d659a2feaa0c55ad015";

function finding(fingerprint: string, fix: boolean, title = "Container app was OOMKilled"): Finding {
  return {
    id: "pod.crash-loop.oom-killed",
    severity: "CRITICAL",
    target: { kind: "Deployment", namespace: NS, name: "payments" },
    title,
    cause: "Killed for memory.",
    evidence: [],
    recommendations: [],
    ...(fix
      ? {
          fix: {
            description: "Raise the memory limit to 192Mi",
            target: { kind: "Deployment", namespace: NS, name: "payments" },
            patch: [
              {
                op: "replace",
                path: "/spec/template/spec/containers/0/resources/limits/memory",
                value: "192Mi",
              },
            ],
          },
        }
      : {}),
    fingerprint,
  };
}

const out = (target: DiagnoseTarget, findings: Finding[]): DiagnosticsRunOutput => ({
  target,
  findings,
  read: ["pods"],
  unread: [],
  checkedAt: "2026-11-30T10:00:00.000Z",
});

describe("/diagnose Apply fix buttons", () => {
  it("reads back the diagnosed target from the rendered embed, for each kind of target", () => {
    const targets: DiagnoseTarget[] = [
      { kind: "Deployment", namespace: NS, name: "payments" },
      { kind: "Pod", namespace: "shop", name: "api-7d9f8b6c5d-x2x9k" },
      { kind: "StatefulSet", namespace: "db", name: "pg.main" },
      { kind: "Node", name: "kwok-node-0" },
      { kind: "Namespace", name: NS },
    ];
    for (const target of targets) {
      const embed = renderDiagnosis(out(target, [finding(FP, true)]), {
        clusterId: CLUSTER,
        clusterName: "shared `prod` cluster",
      });
      expect(diagnosedTarget(embed.description)).toEqual(target);
    }
    // A name the embed shortened cannot be read back: the button says it is out of date.
    const long = { kind: "Deployment" as const, namespace: NS, name: "a".repeat(200) };
    const embed = renderDiagnosis(out(long, [finding(FP, true)]), { clusterId: CLUSTER, clusterName: "x" });
    expect(diagnosedTarget(embed.description)).toBeNull();
    expect(diagnosedTarget("✅ No problems found.")).toBeNull();
  });

  it("one button per finding with a fix (at most five), each id within Discord's limit", () => {
    const findings = [
      finding(FP, true),
      finding("a".repeat(32), false),
      ...Array.from({ length: 6 }, (_, i) => finding(`${i}`.repeat(64), true, `Problem ${i} `.repeat(20))),
    ];
    const rows = fixRows(out({ kind: "Deployment", namespace: NS, name: "payments" }, findings), CLUSTER);
    expect(rows).toHaveLength(1);
    const buttons = rows[0]?.toJSON().components as { custom_id: string; label: string }[];
    expect(buttons).toHaveLength(5);
    expect(buttons[0]).toMatchObject({ label: "Apply fix: Container app was OOMKilled" });
    expect(buttons.every((b) => b.custom_id.length <= CUSTOM_ID_MAX && b.label.length <= 80)).toBe(true);
    const [prefix, cluster, fp] = fixButtonId(CLUSTER, "f".repeat(64)).split(":");
    expect([prefix, unpackId(cluster ?? ""), fp]).toEqual(["dfix", CLUSTER, "f".repeat(64)]);
    expect(fixRows(out({ kind: "Node", name: "n" }, [finding(FP, false)]), CLUSTER)).toEqual([]);
  });
});
