import type { ObjectRef } from "@clustercord/contracts";
import type { DiagnosticsContext } from "./context";
import { refOf } from "./finding";
import type { AnyObject, Container, Pod } from "./kube";

/** The object that owns a pod's template, and where the template's containers live in it. */
export interface TemplateOwner {
  ref: ObjectRef;
  object: AnyObject;
  /** Where the containers list is: spec.template.spec.containers, spec.containers for a bare pod. */
  containersPath: readonly string[];
  containers: Container[];
}

const byKind: Record<string, keyof DiagnosticsContext> = {
  ReplicaSet: "replicaSets",
  Deployment: "deployments",
  StatefulSet: "statefulSets",
  DaemonSet: "daemonSets",
  Job: "jobs",
  CronJob: "cronJobs",
};

/** The controller of `o`, by uid (else by kind and name in the namespace: recorded objects may lack uids). */
function controllerOf(ctx: DiagnosticsContext, o: AnyObject): { kind: string; object: AnyObject } | null {
  const refs = o.metadata?.ownerReferences ?? [];
  const ref = refs.find((r) => r.controller) ?? refs[0];
  if (!ref?.kind) return null;
  const found = ref.uid ? ctx.byUid.get(ref.uid) : undefined;
  if (found) return { kind: ref.kind, object: found };
  const field = byKind[ref.kind];
  if (!field) return null;
  const list = (ctx[field] as Map<string, AnyObject[]>).get(o.metadata?.namespace ?? "") ?? [];
  const named = list.find((x) => x.metadata?.name === ref.name);
  return named ? { kind: ref.kind, object: named } : null;
}

/** Pod → ReplicaSet → Deployment, Pod → Job → CronJob: the outermost owner that is in the caches. */
export function topOwner(ctx: DiagnosticsContext, pod: Pod): { kind: string; object: AnyObject } {
  let current: { kind: string; object: AnyObject } = { kind: "Pod", object: pod };
  for (let depth = 0; depth < 3; depth++) {
    const next = controllerOf(ctx, current.object);
    if (!next) break;
    current = next;
  }
  return current;
}

type WithTemplate = {
  spec?: {
    containers?: Container[];
    template?: { spec?: { containers?: Container[] } };
    jobTemplate?: { spec?: { template?: { spec?: { containers?: Container[] } } } };
  };
};

/** Where a kind keeps its containers, for patches. */
const POD_CONTAINERS = ["spec", "containers"] as const;
const TEMPLATE_CONTAINERS = ["spec", "template", "spec", "containers"] as const;
const CRONJOB_CONTAINERS = ["spec", "jobTemplate", "spec", "template", "spec", "containers"] as const;

export function containersOf(
  kind: string,
  o: AnyObject,
): { path: readonly string[]; containers: Container[] } | null {
  const spec = (o as WithTemplate).spec;
  if (kind === "Pod") return { path: POD_CONTAINERS, containers: spec?.containers ?? [] };
  if (kind === "CronJob")
    return {
      path: CRONJOB_CONTAINERS,
      containers: spec?.jobTemplate?.spec?.template?.spec?.containers ?? [],
    };
  if (kind in byKind)
    return { path: TEMPLATE_CONTAINERS, containers: spec?.template?.spec?.containers ?? [] };
  return null;
}

/** The object whose template to patch for a pod's container: its top owner, or the pod itself when bare. */
export function templateOwner(ctx: DiagnosticsContext, pod: Pod): TemplateOwner {
  const top = topOwner(ctx, pod);
  const where = containersOf(top.kind, top.object) ?? containersOf("Pod", pod);
  const kind = where ? top.kind : "Pod";
  const object = where ? top.object : pod;
  return {
    ref: refOf(kind, object),
    object,
    containersPath: where?.path ?? POD_CONTAINERS,
    containers: where?.containers ?? [],
  };
}
