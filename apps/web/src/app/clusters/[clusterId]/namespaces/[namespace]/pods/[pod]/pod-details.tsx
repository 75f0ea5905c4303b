"use client";
import type { PodContainer, PodDetail, ResourceDetail } from "@clustercord/contracts";
import { Badge, EmptyState } from "@clustercord/ui";
import Link from "next/link";
import { StatusBadge } from "~/components/status-badge";
import { detailHref } from "../../../../resources/kinds";

/** Kinds that own pods, as the resource browser's keys. */
const ownerKinds: Record<string, string> = {
  ReplicaSet: "replicasets",
  StatefulSet: "statefulsets",
  DaemonSet: "daemonsets",
  Job: "jobs",
  Deployment: "deployments",
  CronJob: "cronjobs",
};

const when = (iso: string) => (iso ? new Date(iso).toLocaleString() : "");

/** Status, node, IPs, owner: the facts at the top of the pod page. */
export function PodFacts({ pod, clusterId }: { pod: PodDetail; clusterId: string }) {
  const ownerKey = pod.owner && ownerKinds[pod.owner.kind];
  return (
    <dl className="cc-facts cc-pod-facts">
      <dt>Status</dt>
      <dd>
        <StatusBadge tone={pod.tone}>{pod.status}</StatusBadge>{" "}
        <span className="cc-muted">
          {pod.phase} · {pod.ready} ready{pod.restarts ? ` · ${pod.restarts} restarts` : ""}
        </span>
      </dd>
      <dt>Node</dt>
      <dd>
        {pod.node ? (
          <Link href={detailHref(clusterId, "nodes", pod.node)}>{pod.node}</Link>
        ) : (
          <span className="cc-muted">not scheduled yet</span>
        )}
      </dd>
      <dt>Pod IP</dt>
      <dd>{pod.podIPs.join(", ") || <span className="cc-muted">none yet</span>}</dd>
      <dt>Host IP</dt>
      <dd>{pod.hostIP || <span className="cc-muted">none yet</span>}</dd>
      <dt>Owner</dt>
      <dd>
        {pod.owner && ownerKey ? (
          <Link href={detailHref(clusterId, ownerKey, pod.owner.name, pod.namespace)}>
            {pod.owner.kind}/{pod.owner.name}
          </Link>
        ) : pod.owner ? (
          `${pod.owner.kind}/${pod.owner.name}`
        ) : (
          <span className="cc-muted">none (a bare pod)</span>
        )}
      </dd>
      {pod.qosClass && (
        <>
          <dt>QoS class</dt>
          <dd>{pod.qosClass}</dd>
        </>
      )}
      {pod.serviceAccount && (
        <>
          <dt>Service account</dt>
          <dd>{pod.serviceAccount}</dd>
        </>
      )}
      <dt>Created</dt>
      <dd>
        <time dateTime={pod.createdAt}>{when(pod.createdAt)}</time>
      </dd>
    </dl>
  );
}

const stateTone = { running: "good", waiting: "warn", terminated: "neutral", unknown: "neutral" } as const;

function resources(pair: PodContainer["requests"]) {
  const parts = [pair.cpu && `CPU ${pair.cpu}`, pair.memory && `memory ${pair.memory}`].filter(Boolean);
  return parts.length ? parts.join(", ") : "—";
}

/** Every container: image, state, restarts, ports, requests and limits. */
export function PodContainers({ containers }: { containers: PodContainer[] }) {
  if (!containers.length) return <EmptyState>No containers.</EmptyState>;
  return (
    <ul className="cc-pod-containers">
      {containers.map((c) => (
        <li
          key={`${c.init ? "init" : "main"}/${c.name}`}
          className="cc-pod-container"
          data-container={c.name}
        >
          <div className="cc-pod-container-head">
            <strong>{c.name}</strong>
            {c.init && <Badge>init</Badge>}
            <Badge tone={stateTone[c.state]}>
              {c.state}
              {c.stateDetail ? `: ${c.stateDetail}` : ""}
            </Badge>
            {c.state === "running" && (
              <Badge tone={c.ready ? "good" : "warn"}>{c.ready ? "ready" : "not ready"}</Badge>
            )}
          </div>
          <dl className="cc-facts">
            <dt>Image</dt>
            <dd>
              <code>{c.image}</code>
            </dd>
            <dt>Restarts</dt>
            <dd>
              {c.restarts}
              {c.lastTermination && <span className="cc-muted"> · last ended: {c.lastTermination}</span>}
            </dd>
            {c.since && (
              <>
                <dt>Started</dt>
                <dd>
                  <time dateTime={c.since}>{when(c.since)}</time>
                </dd>
              </>
            )}
            <dt>Ports</dt>
            <dd>
              {c.ports.length
                ? c.ports
                    .map((p) => `${p.name ? `${p.name} ` : ""}${p.containerPort}/${p.protocol}`)
                    .join(", ")
                : "—"}
            </dd>
            <dt>Requests</dt>
            <dd>{resources(c.requests)}</dd>
            <dt>Limits</dt>
            <dd>{resources(c.limits)}</dd>
          </dl>
        </li>
      ))}
    </ul>
  );
}

/** The pod's conditions, the false ones with their reason and message. */
export function PodConditions({ conditions }: { conditions: PodDetail["conditions"] }) {
  if (!conditions.length) return <EmptyState>No conditions reported yet.</EmptyState>;
  return (
    <div className="cc-table-wrap">
      <table className="cc-table cc-pod-wrap-table">
        <thead>
          <tr>
            <th scope="col">Condition</th>
            <th scope="col">Status</th>
            <th scope="col">Reason</th>
            <th scope="col">Since</th>
          </tr>
        </thead>
        <tbody>
          {conditions.map((c) => (
            <tr key={c.type}>
              <td>{c.type}</td>
              <td>
                <Badge tone={c.status === "True" ? "good" : c.status === "False" ? "warn" : "neutral"}>
                  {c.status}
                </Badge>
              </td>
              <td>
                {c.reason}
                {c.message && <div className="cc-muted">{c.message}</div>}
              </td>
              <td>
                <time dateTime={c.lastTransition}>{when(c.lastTransition)}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The pod's events (resources.get), newest first; null when the person may not read them. */
export function PodEvents({ events }: { events: ResourceDetail["events"] | undefined }) {
  if (events === undefined) return <p className="cc-muted">Loading events…</p>;
  if (events === null) return <EmptyState>You may not read events in this namespace.</EmptyState>;
  if (!events.length) return <EmptyState>No events for this pod.</EmptyState>;
  return (
    <ul className="cc-pod-events" aria-label="Pod events">
      {events.map((e) => (
        <li key={`${e.reason}/${e.lastSeen}/${e.message}`}>
          <Badge tone={e.type === "Warning" ? "warn" : "neutral"}>{e.reason || e.type}</Badge>{" "}
          <span className="cc-muted">
            {e.count > 1 ? `×${e.count} · ` : ""}
            <time dateTime={e.lastSeen}>{when(e.lastSeen)}</time>
          </span>
          <p>{e.message}</p>
        </li>
      ))}
    </ul>
  );
}

/** Labels or annotations as key=value chips. */
export function KeyValues({ values, label }: { values: Record<string, string>; label: string }) {
  const entries = Object.entries(values).sort(([a], [b]) => a.localeCompare(b));
  if (!entries.length) return <EmptyState>None.</EmptyState>;
  return (
    <ul className="cc-pod-labels" aria-label={label}>
      {entries.map(([key, value]) => (
        <li key={key}>
          <code>
            {key}={value}
          </code>
        </li>
      ))}
    </ul>
  );
}
