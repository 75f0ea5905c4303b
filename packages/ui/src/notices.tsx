import type { ReactNode } from "react";

export function EmptyState({ children }: { children: ReactNode }) {
  return <p className="cc-empty">{children}</p>;
}

export function ErrorNotice({ children }: { children: ReactNode }) {
  return (
    <p className="cc-error" role="alert">
      {children}
    </p>
  );
}
