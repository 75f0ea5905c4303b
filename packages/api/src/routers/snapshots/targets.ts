/** Audit targets: ids and names only (never an object's contents). */
type Ref = {
  id?: string;
  clusterId?: string;
  scope?: string;
  every?: string;
  namespaces?: string[];
  kinds?: string[];
};

export const snapshotCreateTarget = (input: unknown) => {
  const r = input as Ref;
  const where =
    r.scope === "cluster" ? "whole cluster" : r.namespaces?.length ? r.namespaces.join(",") : "my namespaces";
  return `cluster/${r.clusterId ?? "?"}/snapshot (${where})`;
};

export const snapshotTarget = (input: unknown) => `snapshot/${(input as Ref).id ?? "?"}`;

export const snapshotRestoreTarget = (input: unknown) => {
  const r = input as Ref;
  const only = [
    r.namespaces?.length ? `namespaces ${r.namespaces.join(",")}` : "",
    r.kinds?.length ? `kinds ${r.kinds.join(",")}` : "",
  ].filter(Boolean);
  return `snapshot/${r.id ?? "?"}${only.length ? ` (${only.join("; ")})` : ""}`;
};

export const scheduleTarget = (input: unknown) => {
  const r = input as Ref;
  return `cluster/${r.clusterId ?? "?"}/snapshot-schedule (${r.every ?? "?"})`;
};

export const unscheduleTarget = (input: unknown) => `snapshot-schedule/${(input as Ref).id ?? "?"}`;
