import { diffLines } from "./diff-lines";
import "./diff-view.css";

/**
 * A unified diff, added lines green and removed lines red (the leading +/-
 * stays, so the change does not rest on colour alone). Text only: whatever
 * the diff holds is rendered as text, never as markup.
 */
export function DiffView({
  diff,
  label,
  empty = "No changes.",
}: {
  diff: string;
  label: string;
  empty?: string;
}) {
  const lines = diffLines(diff);
  if (lines.length === 0) return <p className="cc-muted">{empty}</p>;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
    <pre className="cc-diff" data-label={label} tabIndex={0}>
      {lines.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: lines have no identity but their place
        <span key={i} className={`cc-diff-line cc-diff-${line.kind}`} data-diff={line.kind}>
          {line.text || " "}
          {"\n"}
        </span>
      ))}
    </pre>
  );
}
