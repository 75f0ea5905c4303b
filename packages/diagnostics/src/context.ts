import type {
  AnyObject,
  CronJob,
  DaemonSet,
  Deployment,
  EndpointSlice,
  Endpoints,
  HorizontalPodAutoscaler,
  Ingress,
  Job,
  KubeEvent,
  MutatingWebhookConfiguration,
  Namespace,
  NetworkPolicy,
  Node,
  PersistentVolumeClaim,
  Pod,
  PodDisruptionBudget,
  ReplicaSet,
  ResourceQuota,
  Service,
  StatefulSet,
  StorageClass,
  ValidatingWebhookConfiguration,
} from "./kube";

/** A ConfigMap or Secret by name (and key names): the context never holds their values. */
export interface NamedRef {
  namespace: string;
  name: string;
  keys?: string[];
}

/** One metrics-server reading of one container. */
export interface MetricsSample {
  namespace: string;
  pod: string;
  container: string;
  at: string;
  cpuMillicores: number;
  memoryBytes: number;
}

/** The last lines a failing container printed (current or previous run). */
export interface ContainerLogs {
  namespace: string;
  pod: string;
  container: string;
  lines: string[];
}

/** The shared watch caches' items, as plain arrays; every list is optional. */
export interface DiagnosticsInput {
  /** For namespaceSelectors in NetworkPolicies (else only the automatic kubernetes.io/metadata.name label is known). */
  namespaces?: Namespace[];
  pods?: Pod[];
  deployments?: Deployment[];
  replicaSets?: ReplicaSet[];
  statefulSets?: StatefulSet[];
  daemonSets?: DaemonSet[];
  jobs?: Job[];
  cronJobs?: CronJob[];
  nodes?: Node[];
  services?: Service[];
  endpointSlices?: EndpointSlice[];
  endpoints?: Endpoints[];
  persistentVolumeClaims?: PersistentVolumeClaim[];
  storageClasses?: StorageClass[];
  configMaps?: NamedRef[];
  secrets?: NamedRef[];
  networkPolicies?: NetworkPolicy[];
  ingresses?: Ingress[];
  horizontalPodAutoscalers?: HorizontalPodAutoscaler[];
  podDisruptionBudgets?: PodDisruptionBudget[];
  resourceQuotas?: ResourceQuota[];
  validatingWebhooks?: ValidatingWebhookConfiguration[];
  mutatingWebhooks?: MutatingWebhookConfiguration[];
  events?: KubeEvent[];
  metrics?: MetricsSample[];
  logs?: ContainerLogs[];
  /** The pass's clock (OOM prediction); no analyzer reads the time itself. */
  now?: Date;
}

type ByNamespace<T> = Map<string, T[]>;

/**
 * The input indexed once per pass, so that every analyzer looks related
 * objects up by key instead of scanning: a full pass stays O(objects).
 */
export interface DiagnosticsContext {
  readonly input: DiagnosticsInput;
  readonly now: Date | undefined;
  readonly namespaces: readonly string[];
  readonly pods: ByNamespace<Pod>;
  readonly podsByNode: ByNamespace<Pod>;
  readonly deployments: ByNamespace<Deployment>;
  readonly replicaSets: ByNamespace<ReplicaSet>;
  readonly statefulSets: ByNamespace<StatefulSet>;
  readonly daemonSets: ByNamespace<DaemonSet>;
  readonly jobs: ByNamespace<Job>;
  readonly cronJobs: ByNamespace<CronJob>;
  readonly services: ByNamespace<Service>;
  readonly networkPolicies: ByNamespace<NetworkPolicy>;
  readonly ingresses: ByNamespace<Ingress>;
  readonly hpas: ByNamespace<HorizontalPodAutoscaler>;
  readonly pdbs: ByNamespace<PodDisruptionBudget>;
  readonly quotas: ByNamespace<ResourceQuota>;
  readonly pvcs: ByNamespace<PersistentVolumeClaim>;
  readonly namespaceLabels: Map<string, Record<string, string>>;
  readonly nodes: Map<string, Node>;
  readonly storageClasses: Map<string, StorageClass>;
  /** The class PVCs without storageClassName get (annotation storageclass.kubernetes.io/is-default-class). */
  readonly defaultStorageClass: string | undefined;
  readonly configMaps: Map<string, NamedRef>;
  readonly secrets: Map<string, NamedRef>;
  /** Ready/not-ready endpoint addresses per Service (`ns/name`), from EndpointSlices and Endpoints. */
  readonly serviceEndpoints: Map<string, { ready: number; notReady: number }>;
  readonly byUid: Map<string, AnyObject>;
  /** Objects (pods, ReplicaSets, Jobs) by their controller's uid. */
  readonly childrenByOwner: Map<string, AnyObject[]>;
  /** Events by the involved object's kind/namespace/name, newest first. */
  readonly eventsByObject: Map<string, KubeEvent[]>;
  readonly metricsByContainer: Map<string, MetricsSample[]>;
  readonly logsByContainer: Map<string, string[]>;
}

export const nsKey = (namespace: string | undefined, name: string | undefined): string =>
  `${namespace ?? ""}/${name ?? ""}`;
export const containerKey = (namespace: string, pod: string, container: string): string =>
  `${namespace}/${pod}/${container}`;
/** Events are keyed by the involved object's kind/namespace/name (recorded events may lack the uid). */
export const eventKey = (kind: string | undefined, namespace: string | undefined, name: string | undefined) =>
  `${kind ?? ""}/${namespace ?? ""}/${name ?? ""}`;

function push<K, T>(map: Map<K, T[]>, key: K, item: T): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}

function byNamespace<T extends AnyObject>(items: readonly T[] | undefined, all: Set<string>): ByNamespace<T> {
  const map: ByNamespace<T> = new Map();
  for (const item of items ?? []) {
    const ns = item.metadata?.namespace ?? "";
    all.add(ns);
    push(map, ns, item);
  }
  return map;
}

const isDefaultClass = (sc: StorageClass): boolean =>
  sc.metadata?.annotations?.["storageclass.kubernetes.io/is-default-class"] === "true";

/**
 * ConfigMaps and Secrets from the caches as names and key names: the values
 * are dropped here, so they cannot reach a finding (or a prompt built from one).
 */
export function namedRefs(
  objects: readonly {
    metadata?: { namespace?: string; name?: string };
    data?: Record<string, unknown>;
    binaryData?: Record<string, unknown>;
    stringData?: Record<string, unknown>;
  }[],
): NamedRef[] {
  return objects.map((o) => ({
    namespace: o.metadata?.namespace ?? "",
    name: o.metadata?.name ?? "",
    keys: [
      ...new Set([
        ...Object.keys(o.data ?? {}),
        ...Object.keys(o.binaryData ?? {}),
        ...Object.keys(o.stringData ?? {}),
      ]),
    ],
  }));
}

/** Only the three fields of a NamedRef survive, whatever was passed (a whole Secret included). */
const onlyNames = (refs: readonly NamedRef[] | undefined): NamedRef[] | undefined =>
  refs?.map((r) =>
    "metadata" in r
      ? (namedRefs([r as Parameters<typeof namedRefs>[0][number]])[0] as NamedRef)
      : {
          namespace: r.namespace,
          name: r.name,
          ...(Array.isArray(r.keys) ? { keys: r.keys.filter((k) => typeof k === "string") } : {}),
        },
  );

/** Index the caches' items for one pass. */
export function buildContext(given: DiagnosticsInput): DiagnosticsContext {
  const input: DiagnosticsInput = {
    ...given,
    configMaps: onlyNames(given.configMaps),
    secrets: onlyNames(given.secrets),
  };
  const namespaces = new Set<string>();
  const ctx = {
    input,
    now: input.now,
    pods: byNamespace(input.pods, namespaces),
    podsByNode: new Map<string, Pod[]>(),
    deployments: byNamespace(input.deployments, namespaces),
    replicaSets: byNamespace(input.replicaSets, namespaces),
    statefulSets: byNamespace(input.statefulSets, namespaces),
    daemonSets: byNamespace(input.daemonSets, namespaces),
    jobs: byNamespace(input.jobs, namespaces),
    cronJobs: byNamespace(input.cronJobs, namespaces),
    services: byNamespace(input.services, namespaces),
    networkPolicies: byNamespace(input.networkPolicies, namespaces),
    ingresses: byNamespace(input.ingresses, namespaces),
    hpas: byNamespace(input.horizontalPodAutoscalers, namespaces),
    pdbs: byNamespace(input.podDisruptionBudgets, namespaces),
    quotas: byNamespace(input.resourceQuotas, namespaces),
    pvcs: byNamespace(input.persistentVolumeClaims, namespaces),
    namespaceLabels: new Map(
      (input.namespaces ?? []).map((n) => [
        n.metadata?.name ?? "",
        { "kubernetes.io/metadata.name": n.metadata?.name ?? "", ...n.metadata?.labels },
      ]),
    ),
    nodes: new Map((input.nodes ?? []).map((n) => [n.metadata?.name ?? "", n])),
    storageClasses: new Map((input.storageClasses ?? []).map((s) => [s.metadata?.name ?? "", s])),
    defaultStorageClass: (input.storageClasses ?? []).find(isDefaultClass)?.metadata?.name,
    configMaps: new Map((input.configMaps ?? []).map((c) => [nsKey(c.namespace, c.name), c])),
    secrets: new Map((input.secrets ?? []).map((s) => [nsKey(s.namespace, s.name), s])),
    serviceEndpoints: new Map<string, { ready: number; notReady: number }>(),
    byUid: new Map<string, AnyObject>(),
    childrenByOwner: new Map<string, AnyObject[]>(),
    eventsByObject: new Map<string, KubeEvent[]>(),
    metricsByContainer: new Map<string, MetricsSample[]>(),
    logsByContainer: new Map<string, string[]>(),
  };
  for (const n of input.namespaces ?? []) if (n.metadata?.name) namespaces.add(n.metadata.name);
  namespaces.delete("");

  const owned: (readonly AnyObject[] | undefined)[] = [
    input.pods,
    input.replicaSets,
    input.jobs,
    input.deployments,
    input.statefulSets,
    input.daemonSets,
    input.cronJobs,
  ];
  for (const list of owned) {
    for (const o of list ?? []) {
      const uid = o.metadata?.uid;
      if (uid) ctx.byUid.set(uid, o);
      const owner =
        o.metadata?.ownerReferences?.find((r) => r.controller) ?? o.metadata?.ownerReferences?.[0];
      if (owner?.uid) push(ctx.childrenByOwner, owner.uid, o);
    }
  }
  for (const pod of input.pods ?? []) if (pod.spec?.nodeName) push(ctx.podsByNode, pod.spec.nodeName, pod);

  // Slices from several controllers may serve one Service: sum them.
  const count = (key: string, ready: number, notReady: number) => {
    const c = ctx.serviceEndpoints.get(key) ?? { ready: 0, notReady: 0 };
    ctx.serviceEndpoints.set(key, { ready: c.ready + ready, notReady: c.notReady + notReady });
  };
  for (const slice of input.endpointSlices ?? []) {
    const service = slice.metadata?.labels?.["kubernetes.io/service-name"];
    if (!service) continue;
    let ready = 0;
    let notReady = 0;
    for (const e of slice.endpoints ?? []) {
      const n = e.addresses?.length ?? 0;
      if (e.conditions?.ready === false) notReady += n;
      else ready += n;
    }
    count(nsKey(slice.metadata?.namespace, service), ready, notReady);
  }
  // Endpoints only count for Services that have no slices (the same addresses are in both).
  const sliced = new Set(ctx.serviceEndpoints.keys());
  for (const ep of input.endpoints ?? []) {
    const key = nsKey(ep.metadata?.namespace, ep.metadata?.name);
    if (sliced.has(key)) continue;
    let ready = 0;
    let notReady = 0;
    for (const s of ep.subsets ?? []) {
      ready += s.addresses?.length ?? 0;
      notReady += s.notReadyAddresses?.length ?? 0;
    }
    count(key, ready, notReady);
  }

  // Sorted once, newest first, so that every object's list is in that order.
  const times = new Map((input.events ?? []).map((e) => [e, eventTime(e)]));
  const events = [...times.keys()].sort((a, b) => {
    const ta = times.get(a) ?? "";
    const tb = times.get(b) ?? "";
    return ta < tb ? 1 : ta > tb ? -1 : 0;
  });
  for (const e of events) {
    const o = e.involvedObject;
    push(ctx.eventsByObject, eventKey(o?.kind, o?.namespace, o?.name), e);
  }
  for (const s of input.metrics ?? [])
    push(ctx.metricsByContainer, containerKey(s.namespace, s.pod, s.container), s);
  for (const list of ctx.metricsByContainer.values()) list.sort((a, b) => a.at.localeCompare(b.at));
  for (const l of input.logs ?? [])
    ctx.logsByContainer.set(containerKey(l.namespace, l.pod, l.container), l.lines);

  return { ...ctx, namespaces: [...namespaces].sort() };
}

const NO_EVENTS: readonly KubeEvent[] = [];

/**
 * The events about an object, newest first. Looked up by kind/namespace/name;
 * events that name another uid were about an earlier object of that name
 * (deleted and created again) and are left out.
 */
export function eventsFor(ctx: DiagnosticsContext, kind: string, o: AnyObject): readonly KubeEvent[] {
  const list = ctx.eventsByObject.get(eventKey(kind, o.metadata?.namespace, o.metadata?.name));
  if (!list) return NO_EVENTS;
  const uid = o.metadata?.uid;
  return uid ? list.filter((e) => !e.involvedObject?.uid || e.involvedObject.uid === uid) : list;
}

export function eventTime(e: KubeEvent): string {
  const t = e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata?.creationTimestamp;
  if (t === undefined) return "";
  return typeof t === "string" ? t : t.toISOString();
}
