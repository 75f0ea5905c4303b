import type { PodStatusTone } from "@clustercord/contracts";
import { Badge } from "@clustercord/ui";

const toneOf: Record<PodStatusTone, "good" | "accent" | "warn" | "bad" | "neutral"> = {
  ok: "good",
  pending: "accent",
  warning: "warn",
  error: "bad",
  done: "neutral",
};

/** A pod's or any object's status, coloured by the tone the API gave it. */
export function StatusBadge({ tone, children }: { tone: PodStatusTone; children: string }) {
  return <Badge tone={toneOf[tone]}>{children}</Badge>;
}
