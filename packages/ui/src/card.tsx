import { type ReactNode, useId } from "react";

/** A titled section; the title names it, so assistive tech (and tests) find it as a region. */
export function Card({
  title,
  actions,
  children,
}: {
  title?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  const headingId = useId();
  return (
    <section className="cc-card" aria-labelledby={title ? headingId : undefined}>
      {(title || actions) && (
        <header className="cc-card-header">
          {title && <h2 id={headingId}>{title}</h2>}
          {actions}
        </header>
      )}
      {children}
    </section>
  );
}
