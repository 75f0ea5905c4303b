"use client";
import type { ResourceKindInfo } from "@clustercord/contracts";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId } from "react";
import { groupKinds, kindLabel, listHref, podsPageHref } from "./kinds";

/**
 * The kinds of a cluster, grouped by category: a side list on wide screens,
 * a select on phones (CSS shows one or the other). Pods lead to the live
 * pods page; every other kind to its list, keeping namespace and selector.
 */
export function KindPicker({
  clusterId,
  current,
  kinds,
  customResourcesKnown,
  keep,
}: {
  clusterId: string;
  current: string;
  kinds: readonly ResourceKindInfo[];
  customResourcesKnown: boolean;
  /** What carries over to the next kind's list. */
  keep: { namespace?: string; l?: string };
}) {
  const router = useRouter();
  const selectId = useId();
  const groups = groupKinds(kinds);
  const hrefOf = (key: string) =>
    key === "pods" ? podsPageHref(clusterId, keep.namespace) : listHref(clusterId, key, keep);
  const customNote = customResourcesKnown ? "None on this cluster." : "Still reading this cluster's CRDs…";

  return (
    <>
      <nav className="cc-kinds-side" aria-label="Resource kinds">
        {groups.map((group) => (
          <section key={group.category} aria-labelledby={`${selectId}-${group.category}`}>
            <h2 id={`${selectId}-${group.category}`}>{group.label}</h2>
            {group.kinds.length === 0 ? (
              <p className="cc-muted cc-kinds-note">{customNote}</p>
            ) : (
              <ul>
                {group.kinds.map((k) => (
                  <li key={k.key}>
                    <Link
                      href={hrefOf(k.key)}
                      aria-current={k.key === current ? "page" : undefined}
                      title={k.category === "custom" ? `${k.kind} (${k.group}/${k.version})` : undefined}
                    >
                      {kindLabel(k.key)}
                      {k.key === "pods" && <span className="cc-muted"> · live</span>}
                      {k.category === "custom" && <span className="cc-muted cc-kinds-group"> {k.group}</span>}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </section>
        ))}
      </nav>
      <div className="cc-kinds-select">
        <label htmlFor={selectId}>Kind</label>
        <select id={selectId} value={current} onChange={(e) => router.push(hrefOf(e.target.value))}>
          {!kinds.some((k) => k.key === current) && <option value={current}>{kindLabel(current)}</option>}
          {groups
            .filter((g) => g.kinds.length > 0)
            .map((group) => (
              <optgroup key={group.category} label={group.label}>
                {group.kinds.map((k) => (
                  <option key={k.key} value={k.key}>
                    {k.category === "custom" ? k.key : kindLabel(k.key)}
                  </option>
                ))}
              </optgroup>
            ))}
        </select>
      </div>
    </>
  );
}
