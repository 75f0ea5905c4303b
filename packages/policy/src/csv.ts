import { csvRow, type PolicyViolation, type StoredViolation } from "@clustercord/contracts";

const header = [
  "severity",
  "policy",
  "namespace",
  "kind",
  "name",
  "container",
  "message",
  "fix_available",
  "first_seen",
  "last_seen",
  "resolved_at",
];

/** Violations as CSV (header first, CRLF line ends as RFC 4180 asks). */
export function violationsCsv(violations: readonly (PolicyViolation | StoredViolation)[]): string {
  const rows = violations.map((v) => {
    const stored = "lastSeen" in v ? v : null;
    return csvRow([
      v.severity,
      v.policy,
      v.namespace,
      v.kind,
      v.name,
      v.container ?? "",
      v.message,
      v.fixAvailable ? "yes" : "no",
      stored?.firstSeen ?? "",
      stored?.lastSeen ?? "",
      stored?.resolvedAt ?? "",
    ]);
  });
  return `${[csvRow(header), ...rows].join("\r\n")}\r\n`;
}
