"use client";
import { Button } from "@clustercord/ui";
import { X } from "lucide-react";
import { useRef, useState } from "react";

/** A row's id: names its two inputs in the form's data. */
type Row = { id: number };

/**
 * Key/value rows: the only place a person types secret values. The inputs are
 * uncontrolled password fields (the value is never mirrored into the DOM or
 * React state, and there is no "reveal"); they are read from the form once,
 * at submit, by `readEntryRows`.
 */
export function EntryRows({ disabled }: { disabled?: boolean }) {
  // Ids count per form, so the server's and the browser's first render agree.
  const next = useRef(1);
  const [rows, setRows] = useState<Row[]>([{ id: 0 }]);
  return (
    <fieldset className="cc-secrets-fieldset">
      <legend>Keys and values</legend>
      <ul className="cc-secrets-rows" aria-label="Keys and values">
        {rows.map((row, i) => (
          <li key={row.id} className="cc-secrets-row" data-row={i + 1}>
            <label>
              Key {i + 1}
              <input
                name={`key:${row.id}`}
                autoComplete="off"
                autoCapitalize="off"
                autoCorrect="off"
                spellCheck={false}
                maxLength={253}
                disabled={disabled}
              />
            </label>
            <label>
              Value {i + 1}
              <input
                name={`value:${row.id}`}
                type="password"
                autoComplete="new-password"
                spellCheck={false}
                disabled={disabled}
              />
            </label>
            {rows.length > 1 && (
              <Button
                variant="secondary"
                className="cc-secrets-remove"
                aria-label={`Remove row ${i + 1}`}
                disabled={disabled}
                onClick={() => setRows(rows.filter((r) => r !== row))}
              >
                <X aria-hidden size={16} />
              </Button>
            )}
          </li>
        ))}
      </ul>
      <div>
        <Button
          variant="secondary"
          disabled={disabled}
          onClick={() => setRows([...rows, { id: next.current++ }])}
        >
          Add a key
        </Button>
      </div>
    </fieldset>
  );
}

/** The rows' keys and values, in the order shown, read from the form's data at submit. */
export function readEntryRows(form: HTMLFormElement): { key: string; value: string }[] {
  const data = new FormData(form);
  const rows: { key: string; value: string }[] = [];
  for (const [name, key] of data.entries()) {
    if (!name.startsWith("key:")) continue;
    const value = data.get(`value:${name.slice("key:".length)}`);
    rows.push({ key: String(key), value: typeof value === "string" ? value : "" });
  }
  return rows;
}
