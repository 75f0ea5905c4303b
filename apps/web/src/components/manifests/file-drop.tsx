"use client";
import type { ManifestFile } from "@clustercord/contracts";
import { Button } from "@clustercord/ui";
import { FileUp, X } from "lucide-react";
import { useId, useRef, useState } from "react";
import { ACCEPTED_FILES, base64FromBytes, fileEncoding, filesProblem } from "./format";

/** A file as chosen: what is sent, and its size in bytes for the 1 MiB check. */
export type ChosenFile = { file: ManifestFile; bytes: number };

/** Reads a text file as text and an archive as base64 (the API unpacks it). */
async function readManifestFile(file: File): Promise<ChosenFile> {
  const encoding = fileEncoding(file.name) ?? "utf8";
  const content =
    encoding === "utf8" ? await file.text() : base64FromBytes(new Uint8Array(await file.arrayBuffer()));
  return { file: { name: file.name, encoding, content }, bytes: file.size };
}

/**
 * Files to apply: dropped on the zone or picked (several at once; YAML, JSON,
 * .zip, .tar, .tgz). Types and the 1 MiB total are checked before reading;
 * a file of the same name replaces the earlier one.
 */
export function FileDrop({
  files,
  onChange,
  pastedBytes,
}: {
  files: ChosenFile[];
  onChange: (files: ChosenFile[]) => void;
  pastedBytes: number;
}) {
  const inputId = useId();
  const problemId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [over, setOver] = useState(false);

  const add = async (list: FileList | null) => {
    const picked = [...(list ?? [])];
    if (picked.length === 0) return;
    const kept = files.filter((f) => !picked.some((p) => p.name === f.file.name));
    const sizes = [...kept.map((f) => ({ name: f.file.name, size: f.bytes })), ...picked];
    const why = filesProblem(sizes, pastedBytes);
    setProblem(why);
    if (why) return;
    onChange([...kept, ...(await Promise.all(picked.map(readManifestFile)))]);
  };

  return (
    <section
      className="cc-file-drop"
      data-over={over || undefined}
      aria-label="Files"
      data-testid="file-drop"
      onDragOver={(e) => {
        e.preventDefault();
        e.dataTransfer.dropEffect = "copy";
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        void add(e.dataTransfer.files);
      }}
    >
      <FileUp aria-hidden size={20} />
      <p className="cc-muted">
        Drop YAML, JSON, .zip, .tar or .tgz files here, or{" "}
        <label htmlFor={inputId} className="cc-file-pick">
          choose files
        </label>
      </p>
      <input
        ref={input}
        id={inputId}
        className="cc-apply-hidden"
        type="file"
        multiple
        accept={ACCEPTED_FILES}
        aria-describedby={problem ? problemId : undefined}
        onChange={(e) => {
          void add(e.target.files);
          e.target.value = "";
        }}
      />
      {files.length > 0 && (
        <ul className="cc-file-list" aria-label="Chosen files">
          {files.map((f) => (
            <li key={f.file.name} data-file={f.file.name}>
              <span className="cc-mono">{f.file.name}</span>
              <span className="cc-muted">{Math.max(1, Math.ceil(f.bytes / 1024))} KiB</span>
              <Button
                variant="secondary"
                className="cc-apply-icon"
                aria-label={`Remove ${f.file.name}`}
                onClick={() => onChange(files.filter((x) => x !== f))}
              >
                <X aria-hidden size={16} />
              </Button>
            </li>
          ))}
        </ul>
      )}
      {problem && (
        <p id={problemId} className="cc-apply-error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
