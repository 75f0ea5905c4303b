import type { CostSource } from "@clustercord/contracts";
import { Badge } from "@clustercord/ui";

/** Where the numbers come from: the cluster's OpenCost/Kubecost is said so, plainly. */
export function SourceLabel({ source }: { source: CostSource }) {
  return source === "opencost" ? (
    <Badge tone="accent">Source: OpenCost</Badge>
  ) : (
    <Badge>Source: ClusterCord metrics</Badge>
  );
}
