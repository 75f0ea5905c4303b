/**
 * RFC 4180 field: quoted when it holds a comma, quote or line break (quotes
 * doubled). A leading = + - @ or tab is prefixed with ' so a spreadsheet
 * shows the text instead of running it as a formula. Shared by every CSV
 * ClusterCord writes (policy reports, cost exports).
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export const csvRow = (fields: readonly string[]) => fields.map(csvField).join(",");
