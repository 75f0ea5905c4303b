"use client";
import { useId, useState } from "react";
import { type ChosenFile, fileProblem, SECRET_FILE_ACCEPT } from "./format";

/**
 * Picks one `.env`, YAML or JSON file and reads it in the browser; only its
 * name is shown. The size is checked before reading; the API parses it and
 * names what is wrong inside. A new `key` from the parent empties it.
 */
export function SecretFileInput({
  label,
  file,
  onChange,
}: {
  label: string;
  file: ChosenFile | null;
  onChange: (file: ChosenFile | null) => void;
}) {
  const id = useId();
  const problemId = useId();
  const [problem, setProblem] = useState<string | null>(null);
  const pick = async (picked: File | undefined) => {
    if (!picked) return;
    const why = fileProblem(picked);
    setProblem(why);
    if (why) {
      onChange(null);
      return;
    }
    onChange({ name: picked.name, content: await picked.text() });
  };
  return (
    <div className="cc-secrets-file">
      <label htmlFor={id}>
        {label}
        <input
          id={id}
          type="file"
          accept={SECRET_FILE_ACCEPT}
          aria-describedby={problem ? problemId : undefined}
          onChange={(e) => {
            void pick(e.target.files?.[0]);
            // The same file can be chosen again after a change on disk.
            e.target.value = "";
          }}
        />
      </label>
      {file && (
        <p className="cc-muted" data-testid="chosen-file">
          Chosen: <span className="cc-mono">{file.name}</span> (values not shown)
        </p>
      )}
      {problem && (
        <p id={problemId} className="cc-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
