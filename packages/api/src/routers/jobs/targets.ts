/** Audit targets: `cluster/<id>/namespace/<ns>/job/<name>` or `.../cronjob/<name>` (names only: never env or secret data). */
type Ref = {
  clusterId?: string;
  namespace?: string;
  job?: string;
  cronJob?: string;
  name?: string;
  kind?: string;
};

const where = (r: Ref) => `cluster/${r.clusterId ?? "?"}/namespace/${r.namespace ?? "?"}`;

/** A Job by name (jobs.run without a name: its generated name is not known before it is created). */
export const jobTarget = (input: unknown) => {
  const r = input as Ref;
  if (r.kind === "CronJob") return `${where(r)}/cronjob/${r.job ?? "?"}`;
  return `${where(r)}/job/${r.job ?? r.name ?? "(generated name)"}`;
};

export const cronJobTarget = (input: unknown) => {
  const r = input as Ref;
  return `${where(r)}/cronjob/${r.cronJob ?? r.name ?? "?"}`;
};
