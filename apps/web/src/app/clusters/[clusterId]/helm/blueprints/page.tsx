"use client";
import type { Blueprint } from "@clustercord/contracts";
import { Badge, Card, EmptyState, ErrorNotice } from "@clustercord/ui";
import { useQuery } from "@tanstack/react-query";
import { useParams } from "next/navigation";
import { AppShell } from "~/components/app-shell";
import { BlueprintInstall } from "~/components/helm/blueprint-install";
import { FlowDialog } from "~/components/helm/flow-dialog";
import { HelmNav } from "~/components/helm/helm-nav";
import { useHelmRole } from "~/components/helm/use-helm-role";
import { userMessage, useTRPC } from "~/lib/trpc";

/** The presets (guide feature 3): what each installs, and an install through the same plan/confirm path. */
export default function HelmBlueprintsPage() {
  const { clusterId } = useParams<{ clusterId: string }>();
  const trpc = useTRPC();
  const { canOperate } = useHelmRole();
  const list = useQuery(trpc.blueprints.list.queryOptions());
  return (
    <AppShell>
      <div className="cc-helm-head">
        <h1 className="cc-page-title">Blueprints</h1>
      </div>
      <HelmNav clusterId={clusterId} current="blueprints" />
      {list.error && <ErrorNotice>{userMessage(list.error)}</ErrorNotice>}
      {!list.data && !list.error && (
        <Card>
          <EmptyState>Loading the presets…</EmptyState>
        </Card>
      )}
      {list.data && (
        <ul className="cc-helm-blueprints" aria-label="Blueprints">
          {list.data.blueprints.map((b) => (
            <BlueprintCard key={b.key} clusterId={clusterId} blueprint={b} canOperate={canOperate} />
          ))}
        </ul>
      )}
    </AppShell>
  );
}

function BlueprintCard({
  clusterId,
  blueprint: b,
  canOperate,
}: {
  clusterId: string;
  blueprint: Blueprint;
  canOperate: boolean;
}) {
  return (
    <li data-blueprint={b.key}>
      <h2>{b.title}</h2>
      <p className="cc-muted">{b.description}</p>
      <p className="cc-inline">
        {b.clusterWide && <Badge tone="warn">cluster-wide</Badge>}
        {b.asks.includes("email") && <Badge>asks for an email</Badge>}
      </p>
      <ul className="cc-helm-changes" aria-label={`${b.title} components`}>
        {b.components.map((c) => (
          <li key={c.name}>
            {c.name}: <span className="cc-mono">{c.chart}</span> {c.version} →{" "}
            <span className="cc-mono">
              {c.namespace}/{c.release}
            </span>
          </li>
        ))}
      </ul>
      {canOperate && (
        <div className="cc-helm-actions">
          <FlowDialog label={`Install ${b.title}…`} title={`Install ${b.title}`} variant="primary">
            <BlueprintInstall clusterId={clusterId} blueprint={b} />
          </FlowDialog>
        </div>
      )}
    </li>
  );
}
