import type { PolicyViolation, StoredViolation } from "@clustercord/contracts";

/**
 * RFC 4180 field: quoted when it holds a comma, quote or line break (quotes
 * doubled). A leading = + - @ or tab is prefixed with ' so a spreadsheet
 * shows the text instead of running it as a formula.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export const csvRow = (fields: readonly string[]) => fields.map(csvField).join(",");

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
