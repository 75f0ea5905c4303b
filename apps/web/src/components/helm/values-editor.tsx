"use client";
import { useId, useState } from "react";
import { valuesFileProblem } from "./format";

/**
 * Values as YAML: a text editor, or a local file read into it (at most
 * 256 KiB, checked before reading). `problems` are the API's findings (schema
 * errors name their field paths); they show under the editor.
 */
export function ValuesEditor({
  value,
  onChange,
  problems,
  label = "Values (YAML)",
}: {
  value: string;
  onChange: (yaml: string) => void;
  problems: string[];
  label?: string;
}) {
  const id = useId();
  const fileId = useId();
  const problemsId = useId();
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const shown = fileProblem ? [fileProblem, ...problems] : problems;

  const readFile = async (file: File | undefined) => {
    if (!file) return;
    const problem = valuesFileProblem(file);
    setFileProblem(problem);
    if (!problem) onChange(await file.text());
  };

  return (
    <div className="cc-helm-form">
      <label htmlFor={id}>
        {label}
        <textarea
          id={id}
          value={value}
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          aria-invalid={shown.length ? true : undefined}
          aria-describedby={shown.length ? problemsId : undefined}
          onChange={(e) => onChange(e.target.value)}
        />
      </label>
      <label htmlFor={fileId}>
        Upload values file
        <input
          id={fileId}
          type="file"
          accept=".yaml,.yml,text/yaml,application/x-yaml,text/plain"
          onChange={(e) => {
            void readFile(e.target.files?.[0]);
            e.target.value = "";
          }}
        />
      </label>
      {shown.length > 0 && (
        <ul
          id={problemsId}
          className="cc-helm-problems-list"
          role="alert"
          aria-label="Problems with the values"
        >
          {shown.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
