"use client";
import { useId } from "react";

/** The namespace picker of the list pages; `allLabel` adds a first choice for "every namespace" (value ""). */
export function NamespaceSelect({
  namespaces,
  value,
  onChange,
  allLabel,
}: {
  namespaces: readonly string[];
  value: string;
  onChange: (namespace: string) => void;
  allLabel?: string;
}) {
  const id = useId();
  return (
    <label htmlFor={id}>
      Namespace
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {allLabel !== undefined && <option value="">{allLabel}</option>}
        {namespaces.map((ns) => (
          <option key={ns} value={ns}>
            {ns}
          </option>
        ))}
      </select>
    </label>
  );
}
