/**
 * @clustercord/cost: OpenCost's allocation model over ClusterCord's samples —
 * attribution to a person, hourly rollups, prices over time, idle, forecasts,
 * budget decisions and the CSV export's rows. Pure: plain data in, plain data out.
 */
export { type BudgetAlertKind, budgetDecision, budgetMessage } from "./budget";
export {
  COST_CSV_HEADER,
  type CostCsvRow,
  costCsv,
  costCsvFilename,
  costCsvHeader,
  costCsvLine,
} from "./csv";
export { forecast, thresholdCrossedAt } from "./forecast";
export {
  calendarPeriod,
  changePct,
  DAY_MS,
  daysOf,
  HOUR_MS,
  hoursOf,
  MAX_CUSTOM_DAYS,
  previousSpan,
  resolvePeriod,
  type Span,
} from "./period";
export {
  addAmounts,
  type CapacityQuantities,
  HOURS_PER_MONTH,
  idleQuantities,
  type PriceRow,
  type PriceSegment,
  priceAt,
  priceHours,
  priceQuantities,
  priceSegments,
  type Quantities,
  sumAmounts,
  ZERO_AMOUNTS,
} from "./pricing";
