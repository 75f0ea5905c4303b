/**
 * The objects one object is tied to, from the cached objects of its
 * namespace (pure): its owner, what it owns (a Deployment's ReplicaSets and
 * their Pods), what a Service or Ingress points at, what a Pod uses, and
 * who uses a ConfigMap, Secret or PVC.
 */
import { builtinKindNamed, type ResourceKind } from "./catalog";
import { selectsLabels } from "./labels";
import { arr, type Obj, obj, str } from "./rows";

export type Relation =
  | "owner"
  | "owns"
  | "selects"
  | "selected by"
  | "routes to"
  | "uses"
  | "used by"
  | "runs on";

export interface Related {
  relation: Relation;
  /** Kind key (see ResourceKind.key) when the browser knows the kind, else the kind name. */
  kind: string;
  name: string;
  namespace?: string;
  /** e.g. a selected Pod's IP, for service endpoints. */
  detail?: string;
}

/** Objects of a kind key in the object's namespace; undefined when the reader may not list them. */
export type Lookup = (kindKey: string) => readonly Obj[] | undefined;

const MAX_PER_RELATION = 50;

const ownedBy = (o: Obj, uid: string | undefined) =>
  uid !== undefined && (o.metadata?.ownerReferences ?? []).some((r) => r.uid === uid);

/** Names of the ConfigMaps, Secrets and PVCs a pod spec refers to. */
export function podReferences(spec: Obj["spec"]): {
  configmaps: Set<string>;
  secrets: Set<string>;
  persistentvolumeclaims: Set<string>;
} {
  const refs = {
    configmaps: new Set<string>(),
    secrets: new Set<string>(),
    persistentvolumeclaims: new Set<string>(),
  };
  for (const v of arr(spec?.volumes)) {
    if (v.configMap) refs.configmaps.add(str(obj(v.configMap).name));
    if (v.secret) refs.secrets.add(str(obj(v.secret).secretName));
    if (v.persistentVolumeClaim) refs.persistentvolumeclaims.add(str(obj(v.persistentVolumeClaim).claimName));
    for (const s of arr(obj(v.projected).sources)) {
      if (s.configMap) refs.configmaps.add(str(obj(s.configMap).name));
      if (s.secret) refs.secrets.add(str(obj(s.secret).name));
    }
  }
  for (const c of [...arr(spec?.containers), ...arr(spec?.initContainers)]) {
    for (const from of arr(c.envFrom)) {
      if (from.configMapRef) refs.configmaps.add(str(obj(from.configMapRef).name));
      if (from.secretRef) refs.secrets.add(str(obj(from.secretRef).name));
    }
    for (const env of arr(c.env)) {
      const source = obj(env.valueFrom);
      if (source.configMapKeyRef) refs.configmaps.add(str(obj(source.configMapKeyRef).name));
      if (source.secretKeyRef) refs.secrets.add(str(obj(source.secretKeyRef).name));
    }
  }
  for (const s of arr(spec?.imagePullSecrets)) refs.secrets.add(str(s.name));
  for (const set of Object.values(refs)) set.delete("");
  return refs;
}

export function relatedObjects(kind: ResourceKind, o: Obj, lookup: Lookup): Related[] {
  const namespace = o.metadata?.namespace;
  const here = (relation: Relation, kindKey: string, x: Obj, detail?: string): Related => ({
    relation,
    kind: kindKey,
    name: x.metadata?.name ?? "",
    ...(namespace ? { namespace } : {}),
    ...(detail ? { detail } : {}),
  });
  const out: Related[] = [];
  const add = (items: Related[]) => out.push(...items.slice(0, MAX_PER_RELATION));

  for (const owner of o.metadata?.ownerReferences ?? []) {
    const k = builtinKindNamed(str(owner.kind));
    out.push({
      relation: "owner",
      kind: k?.key ?? str(owner.kind),
      name: str(owner.name),
      ...(namespace && k?.namespaced !== false ? { namespace } : {}),
    });
  }

  const uid = o.metadata?.uid;
  const owned = (childKey: string) => (lookup(childKey) ?? []).filter((c) => ownedBy(c, uid));
  switch (kind.key) {
    case "deployments": {
      const sets = owned("replicasets");
      add(sets.map((s) => here("owns", "replicasets", s)));
      const pods = lookup("pods") ?? [];
      add(
        pods.filter((p) => sets.some((s) => ownedBy(p, s.metadata?.uid))).map((p) => here("owns", "pods", p)),
      );
      break;
    }
    case "replicasets":
    case "statefulsets":
    case "daemonsets":
    case "jobs":
      add(owned("pods").map((p) => here("owns", "pods", p)));
      break;
    case "cronjobs":
      add(owned("jobs").map((j) => here("owns", "jobs", j)));
      break;
    case "services": {
      const selector = obj(o.spec?.selector) as Record<string, string>;
      const pods = (lookup("pods") ?? []).filter((p) => selectsLabels(selector, p.metadata?.labels));
      add(pods.map((p) => here("selects", "pods", p, str(p.status?.podIP) || "no IP yet")));
      break;
    }
    case "ingresses": {
      const names = new Set<string>();
      const backend = (b: unknown) => str(obj(obj(b).service).name);
      names.add(backend(o.spec?.defaultBackend));
      for (const rule of arr(o.spec?.rules))
        for (const p of arr(obj(rule.http).paths)) names.add(backend(p.backend));
      names.delete("");
      add(
        [...names].map((name) => ({
          relation: "routes to" as const,
          kind: "services",
          name,
          ...(namespace ? { namespace } : {}),
        })),
      );
      break;
    }
    case "pods": {
      const node = str(o.spec?.nodeName);
      if (node) out.push({ relation: "runs on", kind: "nodes", name: node });
      for (const [key, names] of Object.entries(podReferences(o.spec)))
        add(
          [...names].sort().map((name) => ({
            relation: "uses" as const,
            kind: key,
            name,
            ...(namespace ? { namespace } : {}),
          })),
        );
      const services = (lookup("services") ?? []).filter((s) =>
        selectsLabels(obj(s.spec?.selector) as Record<string, string>, o.metadata?.labels),
      );
      add(services.map((s) => here("selected by", "services", s)));
      break;
    }
    case "configmaps":
    case "secrets":
    case "persistentvolumeclaims": {
      const name = o.metadata?.name ?? "";
      const users = (lookup("pods") ?? []).filter((p) =>
        podReferences(p.spec)[kind.key as "secrets"].has(name),
      );
      add(users.map((p) => here("used by", "pods", p)));
      break;
    }
  }
  return out;
}
