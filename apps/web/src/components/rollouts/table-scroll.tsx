import type { ReactNode } from "react";

/** A table that scrolls sideways inside itself on narrow screens; focusable, so the keyboard can scroll it too. */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
    <section className="cc-table-wrap" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}
