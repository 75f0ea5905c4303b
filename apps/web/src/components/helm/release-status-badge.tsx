import type { HelmReleaseStatus } from "@clustercord/contracts";
import { Badge } from "@clustercord/ui";
import { releaseStatusTone } from "./format";

export function ReleaseStatusBadge({ status }: { status: HelmReleaseStatus }) {
  return <Badge tone={releaseStatusTone(status)}>{status}</Badge>;
}
