"use client";
import { Badge, DiffView } from "@clustercord/ui";
import { changeTone, objectName } from "./format";
import type { ValidationOut } from "./types";

/** The batch's objects in apply order, each with its change and (opened on demand) its diff against the live object. */
export function ObjectsList({ objects }: { objects: ValidationOut["objects"] }) {
  if (objects.length === 0) return <p className="cc-muted">No objects.</p>;
  return (
    <ol className="cc-plan-objects cc-apply-objects" aria-label="Objects in apply order">
      {objects.map((o) => {
        const name = objectName(o);
        const head = (
          <>
            <span className="cc-apply-order" title="Apply order">
              {o.order + 1}.
            </span>
            <Badge tone={changeTone(o.change)}>{o.change ?? "not diffed"}</Badge>
            <span className="cc-mono">{name}</span>
            <span className="cc-muted cc-apply-source">{o.file}</span>
          </>
        );
        return (
          <li key={`${o.apiVersion}/${name}`} data-object={name} data-change={o.change ?? "none"}>
            {o.diff ? (
              <details>
                <summary>{head}</summary>
                <DiffView diff={o.diff} label={`Diff of ${name}`} syntax="yaml" />
              </details>
            ) : (
              <div className="cc-plan-object">{head}</div>
            )}
          </li>
        );
      })}
    </ol>
  );
}
