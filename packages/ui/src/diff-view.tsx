import { type DiffLine, diffLines } from "./diff-lines";
import { yamlTokens } from "./yaml-tokens";
import "./diff-view.css";

/**
 * A unified diff, added lines green and removed lines red (the leading +/-
 * stays, so the change does not rest on colour alone). `syntax="yaml"` also
 * colours keys, scalars and comments inside each line. Text only: whatever
 * the diff holds is rendered as text, never as markup.
 */
export function DiffView({
  diff,
  label,
  empty = "No changes.",
  syntax,
}: {
  diff: string;
  label: string;
  empty?: string;
  syntax?: "yaml";
}) {
  const lines = diffLines(diff);
  if (lines.length === 0) return <p className="cc-muted">{empty}</p>;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
    <pre className="cc-diff" data-label={label} tabIndex={0}>
      {lines.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: lines have no identity but their place
        <span key={i} className={`cc-diff-line cc-diff-${line.kind}`} data-diff={line.kind}>
          {syntax === "yaml" ? <YamlLine line={line} /> : line.text || " "}
          {"\n"}
        </span>
      ))}
    </pre>
  );
}

/** A changed or context line: its +/-/space marker, then the YAML after it in colour. */
function YamlLine({ line }: { line: DiffLine }) {
  if (line.kind !== "added" && line.kind !== "removed" && line.kind !== "context") return line.text || " ";
  const marker = line.text.slice(0, 1);
  return (
    <>
      {marker || " "}
      {yamlTokens(line.text.slice(1)).map((t, i) =>
        t.kind === "text" ? (
          t.text
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: tokens have no identity but their place
          <span key={i} className={`cc-syn-${t.kind}`}>
            {t.text}
          </span>
        ),
      )}
    </>
  );
}
