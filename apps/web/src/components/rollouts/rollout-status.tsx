"use client";
import type { RolloutsStatusOutput } from "@clustercord/contracts";
import { Badge, Button } from "@clustercord/ui";
import { useState } from "react";
import { barText, imagesText, replicaBars, shortTime } from "./format";
import { TableScroll } from "./table-scroll";

/** Events shown before "Show all": the newest tell how the rollout goes; the rest is a click away. */
const FIRST_EVENTS = 8;

/** Progress bars, the ReplicaSets (or revisions), conditions and recent events of one rollout. */
export function RolloutStatusView({ status }: { status: RolloutsStatusOutput }) {
  const r = status.replicas;
  const [allEvents, setAllEvents] = useState(false);
  const events = allEvents ? status.events : status.events.slice(0, FIRST_EVENTS);
  return (
    <div className="cc-rollout-status">
      <section className="cc-rollout-bars" aria-label="Replicas">
        <p className="cc-muted">
          {r.desired} desired · {r.unavailable} unavailable · images{" "}
          <span className="cc-mono">{imagesText(status.images)}</span>
        </p>
        {replicaBars(r).map((bar) => (
          <div key={bar.key} className="cc-rollout-bar" data-testid={`bar-${bar.key}`}>
            <span>{bar.label}</span>
            <progress max={bar.max} value={bar.value} aria-label={`${bar.label} replicas`} />
            <span className="cc-rollout-bar-text">{barText(bar, r.desired)}</span>
          </div>
        ))}
      </section>

      <h3>{status.kind === "Deployment" ? "ReplicaSets" : "Revisions"}</h3>
      {status.sets.length ? (
        <TableScroll label={status.kind === "Deployment" ? "ReplicaSets" : "Revisions"}>
          <table className="cc-table" aria-label={status.kind === "Deployment" ? "ReplicaSets" : "Revisions"}>
            <thead>
              <tr>
                <th>Set</th>
                <th>Name</th>
                <th>Revision</th>
                <th>Images</th>
                <th>Ready</th>
              </tr>
            </thead>
            <tbody>
              {status.sets.map((s) => (
                <tr key={s.name} data-role={s.role} data-revision={s.revision}>
                  <td>
                    <Badge tone={s.role === "new" ? "accent" : "neutral"}>{s.role}</Badge>
                  </td>
                  <td className="cc-mono">{s.name}</td>
                  <td>{s.revision}</td>
                  <td className="cc-mono">{imagesText(s.images)}</td>
                  <td>
                    {s.ready}/{s.desired}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : (
        <p className="cc-muted">No sets yet.</p>
      )}

      {status.conditions.length > 0 && (
        <>
          <h3>Conditions</h3>
          <TableScroll label="Conditions">
            <table className="cc-table" aria-label="Conditions">
              <thead>
                <tr>
                  <th>Type</th>
                  <th>Status</th>
                  <th>Reason</th>
                  <th>Message</th>
                  <th>Updated</th>
                </tr>
              </thead>
              <tbody>
                {status.conditions.map((c) => (
                  <tr key={c.type}>
                    <td>{c.type}</td>
                    <td>{c.status}</td>
                    <td>
                      {c.reason === "ProgressDeadlineExceeded" ? (
                        <Badge tone="bad">{c.reason}</Badge>
                      ) : (
                        c.reason
                      )}
                    </td>
                    <td className="cc-rollout-wrap">{c.message}</td>
                    <td>{shortTime(c.lastUpdate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </>
      )}

      <h3>Recent events</h3>
      {status.events.length ? (
        <TableScroll label="Recent events">
          <table className="cc-table" aria-label="Recent events">
            <thead>
              <tr>
                <th>Reason</th>
                <th>Message</th>
                <th>Object</th>
                <th>Count</th>
                <th>Last seen</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e, i) => (
                // Events have no id in this answer; newest first, so the place is stable enough.
                // biome-ignore lint/suspicious/noArrayIndexKey: see above
                <tr key={i}>
                  {/* The message comes second, so a phone shows it without scrolling; warnings carry a badge. */}
                  <td>
                    {e.type === "Normal" ? null : <Badge tone="warn">{e.type}</Badge>} {e.reason}
                  </td>
                  <td className="cc-rollout-wrap">{e.message}</td>
                  <td className="cc-mono">{e.object}</td>
                  <td>{e.count}</td>
                  <td>{shortTime(e.lastSeen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : (
        <p className="cc-muted">No recent events.</p>
      )}
      {status.events.length > events.length && (
        <div>
          <Button variant="secondary" onClick={() => setAllEvents(true)}>
            Show all {status.events.length} events
          </Button>
        </div>
      )}
    </div>
  );
}
