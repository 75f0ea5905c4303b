import type { ObjectRef } from "@clustercord/contracts";
import { type DiagnosticsContext, nsKey } from "../context";
import { field } from "../evidence";
import type { FindingDraft } from "../finding";
import type { Container, Pod } from "../kube";
import { type ContainerStatus, specContainer } from "./pod-parts";

type Ref = { kind: "ConfigMap" | "Secret"; name: string; key?: string; via: string };

/** The ConfigMaps and Secrets a container needs (optional ones left out), and which env var or volume needs each. */
function requiredRefs(pod: Pod, c: Container | undefined): Ref[] {
  const refs: Ref[] = [];
  for (const e of c?.env ?? []) {
    const cm = e.valueFrom?.configMapKeyRef;
    const sec = e.valueFrom?.secretKeyRef;
    if (cm?.name && !cm.optional)
      refs.push({ kind: "ConfigMap", name: cm.name, key: cm.key, via: `env ${e.name}` });
    if (sec?.name && !sec.optional)
      refs.push({ kind: "Secret", name: sec.name, key: sec.key, via: `env ${e.name}` });
  }
  for (const f of c?.envFrom ?? []) {
    if (f.configMapRef?.name && !f.configMapRef.optional)
      refs.push({ kind: "ConfigMap", name: f.configMapRef.name, via: "envFrom" });
    if (f.secretRef?.name && !f.secretRef.optional)
      refs.push({ kind: "Secret", name: f.secretRef.name, via: "envFrom" });
  }
  const mounted = new Set((c?.volumeMounts ?? []).map((m) => m.name));
  for (const v of pod.spec?.volumes ?? []) {
    if (!mounted.has(v.name)) continue;
    if (v.configMap?.name && !v.configMap.optional)
      refs.push({ kind: "ConfigMap", name: v.configMap.name, via: `volume ${v.name}` });
    if (v.secret?.secretName && !v.secret.optional)
      refs.push({ kind: "Secret", name: v.secret.secretName, via: `volume ${v.name}` });
  }
  return refs;
}

export function configError(
  ctx: DiagnosticsContext,
  pod: Pod,
  target: ObjectRef,
  s: ContainerStatus,
): FindingDraft {
  const name = s.name ?? "?";
  const ns = pod.metadata?.namespace ?? "";
  const message = s.state?.waiting?.message ?? "";
  const refs = requiredRefs(pod, specContainer(pod, name));
  // The kubelet names the first thing it could not find; the caches may name more.
  const missingKey = /couldn't find key (\S+) in (ConfigMap|Secret) ([^/\s]+)\/(\S+)/.exec(message);
  const missingObject = /(configmap|secret) "([^"]+)" not found/i.exec(message);
  const known = (r: Ref) => (r.kind === "ConfigMap" ? ctx.input.configMaps : ctx.input.secrets) !== undefined;
  const exists = (r: Ref) => (r.kind === "ConfigMap" ? ctx.configMaps : ctx.secrets).has(nsKey(ns, r.name));
  const absent = refs.filter((r) => known(r) && !exists(r));
  const keyAbsent = refs.filter((r) => {
    if (!r.key || !known(r) || !exists(r)) return false;
    const keys = (r.kind === "ConfigMap" ? ctx.configMaps : ctx.secrets).get(nsKey(ns, r.name))?.keys;
    return keys !== undefined && !keys.includes(r.key);
  });

  let id = "pod.config.missing-reference";
  let what = "a ConfigMap or Secret it references";
  if (missingKey) {
    id = "pod.config.missing-key";
    what = `key ${missingKey[1]} in ${missingKey[2]} ${missingKey[4]}`;
  } else if (missingObject) {
    const kind = missingObject[1]?.toLowerCase() === "secret" ? "Secret" : "ConfigMap";
    id = kind === "Secret" ? "pod.config.missing-secret" : "pod.config.missing-configmap";
    what = `${kind} ${missingObject[2]}`;
  } else if (absent[0]) {
    id = absent[0].kind === "Secret" ? "pod.config.missing-secret" : "pod.config.missing-configmap";
    what = `${absent[0].kind} ${absent[0].name}`;
  } else if (keyAbsent[0]) {
    id = "pod.config.missing-key";
    what = `key ${keyAbsent[0].key} in ${keyAbsent[0].kind} ${keyAbsent[0].name}`;
  }
  // Names only: which env var or volume needs the object, never a value.
  const evidence = [
    field(`containers[${name}].state.waiting`, `CreateContainerConfigError: ${message}`),
    ...absent.map((r) =>
      field(
        `${r.via} → ${r.kind} ${r.name}${r.key ? ` key ${r.key}` : ""}`,
        `${r.kind} ${ns}/${r.name} does not exist`,
      ),
    ),
    ...keyAbsent.map((r) =>
      field(`${r.via} → ${r.kind} ${r.name} key ${r.key}`, `${r.kind} ${ns}/${r.name} has no key ${r.key}`),
    ),
  ];
  return {
    id,
    severity: "HIGH",
    target,
    container: name,
    title: `Container ${name} cannot start: missing ${what}`,
    cause: `The kubelet cannot build container ${name}'s environment or volumes because ${what} is missing in namespace ${ns}.`,
    evidence,
    recommendations: [
      `Create ${what} in namespace ${ns}, or fix the name in the pod template.`,
      "If the reference may legitimately be absent, mark it `optional: true`.",
    ],
  };
}
