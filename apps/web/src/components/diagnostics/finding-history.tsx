import type { FindingHistorySummary } from "@clustercord/contracts";

/**
 * A finding's history on this cluster, in the API's words ("seen 4 times
 * since Mon 24 Nov; last resolved by rollback to revision 7 …"): the same
 * line the Discord command shows.
 */
export function FindingHistoryLine({ history }: { history: FindingHistorySummary | undefined }) {
  if (!history) return null;
  return (
    <p
      className="cc-muted cc-diag-history"
      data-testid="finding-history"
      data-occurrences={history.occurrences}
      data-open={history.open}
    >
      History: {history.line}
    </p>
  );
}
