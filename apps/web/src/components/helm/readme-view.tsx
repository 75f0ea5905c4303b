import { markdownBlocks } from "./markdown";

/** A chart's README as text elements (headings, paragraphs, lists, code); never as HTML. */
export function ReadmeView({ readme }: { readme: string }) {
  const blocks = markdownBlocks(readme);
  return (
    <div className="cc-helm-readme">
      {blocks.map((b, i) => {
        const key = `${i}-${b.kind}`;
        switch (b.kind) {
          case "heading":
            return b.level === 1 ? <h3 key={key}>{b.text}</h3> : <h4 key={key}>{b.text}</h4>;
          case "list":
            return (
              <ul key={key}>
                {b.items.map((item, j) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: README items have no identity but their place
                  <li key={j}>{item}</li>
                ))}
              </ul>
            );
          case "code":
            return (
              // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
              <pre key={key} className="cc-helm-pre" tabIndex={0}>
                {b.text}
              </pre>
            );
          default:
            return <p key={key}>{b.text}</p>;
        }
      })}
    </div>
  );
}
