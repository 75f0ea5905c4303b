/** The two alerts a budget sends, each at most once per period. */
export type BudgetAlertKind = "forecast" | "exceeded";

/**
 * Which alerts to send now: "exceeded" once spend reaches the threshold;
 * "forecast" while spend is still below it but the forecast for the period's
 * end passes it (the warning before it is spent). `alreadySent` holds the
 * kinds sent in this period.
 */
export function budgetDecision(
  budget: { threshold: number },
  spent: number,
  forecastTotal: number,
  alreadySent: ReadonlySet<BudgetAlertKind>,
): BudgetAlertKind[] {
  if (spent >= budget.threshold) return alreadySent.has("exceeded") ? [] : ["exceeded"];
  if (forecastTotal >= budget.threshold && !alreadySent.has("forecast")) return ["forecast"];
  return [];
}

const ordinal = (n: number) => {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${["th", "st", "nd", "rd"][n % 10] ?? "th"}`;
};

const money = (amount: number, currency: string) =>
  currency === "USD" ? `$${amount.toFixed(2)}` : `${amount.toFixed(2)} ${currency}`;

const periodWords = { day: "today", week: "this week", month: "this month" } as const;

/** "Budget for namespace X: $41.20 of $50.00 this month; at this rate it is exceeded on the 23rd." */
export function budgetMessage(input: {
  kind: BudgetAlertKind;
  scopeLabel: string;
  spent: number;
  threshold: number;
  currency: string;
  period: keyof typeof periodWords;
  exceedsOn: Date | null;
}): { title: string; body: string } {
  const head = `Budget for ${input.scopeLabel}: ${money(input.spent, input.currency)} of ${money(input.threshold, input.currency)} ${periodWords[input.period]}`;
  if (input.kind === "exceeded")
    return { title: `Budget exceeded: ${input.scopeLabel}`, body: `${head}; the budget is exceeded.` };
  const when = input.exceedsOn
    ? input.period === "day"
      ? ` at ${input.exceedsOn.toISOString().slice(11, 16)} UTC`
      : ` on the ${ordinal(input.exceedsOn.getUTCDate())}`
    : " before the period ends";
  return {
    title: `Budget forecast: ${input.scopeLabel}`,
    body: `${head}; at this rate it is exceeded${when}.`,
  };
}
