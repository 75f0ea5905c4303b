"use client";
import type { Tenant } from "@clustercord/contracts";
import { Badge, ErrorNotice, Switch } from "@clustercord/ui";
import { useMutation } from "@tanstack/react-query";
import { useId } from "react";
import { userMessage, useTRPC } from "~/lib/trpc";
import { RevokeTenant } from "./revoke-tenant";
import { TenantQuotaForm } from "./tenant-quota-form";
import { useTenantsRefresh } from "./use-tenants";

/** Internet egress on/off for one server's namespace (the owner's admins). */
function EgressSwitch({ clusterId, tenant }: { clusterId: string; tenant: Tenant }) {
  const trpc = useTRPC();
  const refresh = useTenantsRefresh(clusterId);
  const update = useMutation(
    trpc.tenants.update.mutationOptions({ onSuccess: ({ tenant: changed }) => refresh(changed) }),
  );
  const checked = update.isPending
    ? (update.variables.internetEgress ?? tenant.internetEgress)
    : tenant.internetEgress;
  return (
    <>
      <Switch
        checked={checked}
        label={`Internet egress for ${tenant.guildName}`}
        disabled={update.isPending}
        onCheckedChange={(internetEgress) =>
          update.mutate({ clusterId, guildId: tenant.guildId, internetEgress })
        }
      />
      {update.error && <ErrorNotice>{userMessage(update.error)}</ErrorNotice>}
    </>
  );
}

/**
 * One server on a shared cluster: invited or active, its namespace, quota,
 * egress and set-up state; controls for the owner's admins.
 */
export function TenantItem({
  clusterId,
  tenant,
  canManage,
}: {
  clusterId: string;
  tenant: Tenant;
  canManage: boolean;
}) {
  const headingId = useId();
  const { quota } = tenant;
  return (
    <li className="cc-tenant" aria-labelledby={headingId}>
      <div className="cc-tenant-header">
        <h4 id={headingId}>{tenant.guildName}</h4>
        {tenant.owner ? (
          <Badge tone="accent">owner</Badge>
        ) : tenant.status === "invited" ? (
          <Badge tone="warn">invited</Badge>
        ) : (
          <Badge tone="good">active</Badge>
        )}
      </div>
      <dl className="cc-facts">
        <dt>Server ID</dt>
        <dd>
          <code>{tenant.guildId}</code>
        </dd>
        <dt>Namespace</dt>
        <dd>
          <code>{tenant.namespace}</code>
        </dd>
        <dt>Quota</dt>
        <dd>
          {quota.requestsCpu} CPU · {quota.requestsMemory} memory · {quota.pods} pods
        </dd>
        <dt>Internet egress</dt>
        <dd>
          {canManage ? (
            <EgressSwitch clusterId={clusterId} tenant={tenant} />
          ) : tenant.internetEgress ? (
            "on"
          ) : (
            "off"
          )}
        </dd>
        <dt>Namespace set up</dt>
        <dd>
          {tenant.appliedAt ? (
            <time dateTime={tenant.appliedAt}>{new Date(tenant.appliedAt).toLocaleString()}</time>
          ) : tenant.status === "invited" ? (
            <span className="cc-muted">not until that server's admins accept</span>
          ) : (
            <Badge tone="warn">pending first use</Badge>
          )}
        </dd>
      </dl>
      {canManage && (
        <div className="cc-tenant-actions">
          <TenantQuotaForm clusterId={clusterId} tenant={tenant} />
          {!tenant.owner && <RevokeTenant clusterId={clusterId} tenant={tenant} />}
        </div>
      )}
    </li>
  );
}
