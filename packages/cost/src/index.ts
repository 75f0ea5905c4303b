/**
 * @clustercord/cost: OpenCost's allocation model over ClusterCord's samples —
 * attribution to a person, hourly rollups, prices over time, idle, forecasts,
 * budget decisions and the CSV export's rows. Pure: plain data in, plain data out.
 */
export {};
