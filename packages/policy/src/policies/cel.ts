/**
 * CEL shared by the admission policies. `variables.podSpec` finds the pod
 * spec across kinds (the same places findPodSpec looks); `variables.containers`
 * is regular plus init containers (what containersOf returns). Every optional
 * field is guarded with has(): reading a missing field is an error, and with
 * failurePolicy Fail an error refuses the request.
 */
export const podSpecVariable = {
  name: "podSpec",
  expression:
    "object.kind == 'Pod' ? object.spec : (object.kind == 'CronJob' ? object.spec.jobTemplate.spec.template.spec : object.spec.template.spec)",
};

export const containersVariable = {
  name: "containers",
  expression:
    "variables.podSpec.containers + (has(variables.podSpec.initContainers) ? variables.podSpec.initContainers : [])",
};

/** `has(a.b) && has(a.b.c) …` for a field chain below `root`. */
export function hasChain(root: string, fields: readonly string[]): string {
  const parts: string[] = [];
  let cur = root;
  for (const f of fields) {
    cur = `${cur}.${f}`;
    parts.push(`has(${cur})`);
  }
  return parts.join(" && ");
}

/** A field chain that exists and equals `value`. */
export const fieldIs = (root: string, fields: readonly string[], value: string) =>
  `(${hasChain(root, fields)} && ${root}.${fields.join(".")} == ${value})`;
