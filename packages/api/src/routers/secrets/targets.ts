/** Audit targets: `vault/secret/<name>` and where it goes; the name only, never keys' values or uploaded content. */
type Ref = { name?: string; clusterId?: string; namespace?: string; version?: number };

export const secretTarget = (input: unknown) => `vault/secret/${(input as Ref).name ?? "?"}`;

/** secrets.create and secrets.apply: the secret and the place it is put (the home when none is named). */
export const secretPlaceTarget = (input: unknown) => {
  const r = input as Ref;
  const place =
    r.clusterId || r.namespace
      ? ` -> cluster/${r.clusterId ?? "home"}/namespace/${r.namespace ?? "home"}`
      : "";
  return `${secretTarget(input)}${place}`;
};

export const secretVersionTarget = (input: unknown) =>
  `${secretTarget(input)}/version/${(input as Ref).version ?? "?"}`;
