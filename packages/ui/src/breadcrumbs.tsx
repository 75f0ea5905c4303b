import type { ReactNode } from "react";

export type Crumb = { label: string; href?: string };

/** Where the page sits: links up the trail, the last one is this page. */
export function Breadcrumbs({
  trail,
  link,
}: {
  trail: Crumb[];
  link: (href: string, label: string) => ReactNode;
}) {
  return (
    <nav className="cc-breadcrumbs" aria-label="Breadcrumb">
      <ol>
        {trail.map((crumb, i) => {
          const last = i === trail.length - 1;
          return (
            <li
              key={trail
                .slice(0, i + 1)
                .map((c) => c.label)
                .join("/")}
            >
              {last || !crumb.href ? (
                <span aria-current={last ? "page" : undefined}>{crumb.label}</span>
              ) : (
                link(crumb.href, crumb.label)
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
