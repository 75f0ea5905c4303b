import type { ReactNode } from "react";

export function Badge({
  tone = "neutral",
  children,
}: {
  tone?: "neutral" | "good" | "warn" | "bad" | "accent";
  children: ReactNode;
}) {
  return <span className={`cc-badge cc-badge-${tone}`}>{children}</span>;
}

const roleTone = { admin: "accent", operator: "good", viewer: "neutral" } as const;

export function RoleBadge({ role }: { role: keyof typeof roleTone }) {
  return <Badge tone={roleTone[role]}>{role}</Badge>;
}
