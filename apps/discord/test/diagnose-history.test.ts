import { DiagnosticsRunOutput } from "@clustercord/contracts";
import { describe, expect, it } from "vitest";
import { renderDiagnosis } from "../src/render/diagnostics";

const CLUSTER = "0b4f3c2e-8d7a-4f61-9c3b-2a1e5d6f7a8b";
const NS = "clustercord-guild-200000000000000001";
const FP = "0123456789abcdef0123456789abcdef";
const target = { kind: "Deployment" as const, namespace: NS, name: "ledger" };
const line =
  "seen 2 times since Mon 30 Nov; last resolved by manifests.apply (Apply 1 objects: 1 changed.) (alice, Mon 30 Nov)";

/** diagnostics.run's answer with a history, as diagnostics-history.cluster.test.ts gets it (checked by the contract). */
const answer = (withHistory: boolean) =>
  DiagnosticsRunOutput.parse({
    target,
    findings: [
      {
        id: "pod.crash-loop.oom-killed",
        severity: "CRITICAL",
        target,
        title: "1 of 1 pods: Container app was OOMKilled and is crash-looping",
        cause:
          "The kernel killed container app (exit code 137) when its memory use reached the 256 MiB limit.",
        // Many long evidence lines: the history line must still fit in the field.
        evidence: Array.from({ length: 6 }, (_, i) => ({
          source: "field",
          label: `evidence ${i}`,
          value: "x".repeat(110),
        })),
        recommendations: ["Raise the memory limit above the observed peak."],
        fingerprint: FP,
      },
    ],
    read: ["pods"],
    unread: [],
    checkedAt: "2026-11-30T20:00:00.000Z",
    ...(withHistory
      ? {
          history: {
            [FP]: {
              firstSeen: "2026-11-30T19:50:00.000Z",
              lastSeen: "2026-11-30T20:00:00.000Z",
              occurrences: 2,
              open: true,
              resolvedAt: "2026-11-30T19:55:00.000Z",
              lastResolvedBy: {
                action: "manifests.apply",
                text: "manifests.apply (Apply 1 objects: 1 changed.)",
                actorId: "100000000000000001",
                actorName: "alice",
                via: "discord",
                at: "2026-11-30T19:54:00.000Z",
              },
              line,
            },
          },
        }
      : {}),
  });

describe("/diagnose shows a finding's history", () => {
  it("puts the history line in the finding's field, right after the cause", () => {
    const embed = renderDiagnosis(answer(true), { clusterId: CLUSTER, clusterName: "shared" });
    const value = embed.fields?.[0]?.value ?? "";
    expect(value.split("\n")[1]).toBe(`🕘 ${line}`);
    expect(value.length).toBeLessThanOrEqual(1024);
  });

  it("says nothing of history when the answer has none", () => {
    const embed = renderDiagnosis(answer(false), { clusterId: CLUSTER, clusterName: "shared" });
    expect(embed.fields?.[0]?.value).not.toContain("🕘");
  });
});
