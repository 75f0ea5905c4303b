"use client";
import type { Tenant } from "@clustercord/contracts";
import { Button, ErrorNotice } from "@clustercord/ui";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { userMessage, useTRPC } from "~/lib/trpc";
import { useTenantsRefresh } from "./use-tenants";

/** The owner's admins edit a server's ResourceQuota; the API validates and applies it. */
export function TenantQuotaForm({ clusterId, tenant }: { clusterId: string; tenant: Tenant }) {
  const trpc = useTRPC();
  const refresh = useTenantsRefresh(clusterId);
  const [open, setOpen] = useState(false);
  const [requestsCpu, setRequestsCpu] = useState(tenant.quota.requestsCpu);
  const [requestsMemory, setRequestsMemory] = useState(tenant.quota.requestsMemory);
  const [pods, setPods] = useState(String(tenant.quota.pods));
  const update = useMutation(
    trpc.tenants.update.mutationOptions({
      onSuccess: async ({ tenant: changed }) => {
        setOpen(false);
        await refresh(changed);
      },
    }),
  );

  if (!open) {
    return (
      <div className="cc-action">
        <Button
          variant="secondary"
          onClick={() => {
            setRequestsCpu(tenant.quota.requestsCpu);
            setRequestsMemory(tenant.quota.requestsMemory);
            setPods(String(tenant.quota.pods));
            update.reset();
            setOpen(true);
          }}
        >
          Edit quota
        </Button>
      </div>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({
      clusterId,
      guildId: tenant.guildId,
      quota: { requestsCpu, requestsMemory, pods: Number(pods) },
    });
  };
  return (
    <form className="cc-form cc-action-form" aria-label={`Quota for ${tenant.guildName}`} onSubmit={submit}>
      <div className="cc-quota-fields">
        <label>
          CPU requests
          <input
            value={requestsCpu}
            onChange={(e) => setRequestsCpu(e.target.value)}
            required
            maxLength={20}
            spellCheck={false}
            autoComplete="off"
            placeholder="4"
          />
        </label>
        <label>
          Memory requests
          <input
            value={requestsMemory}
            onChange={(e) => setRequestsMemory(e.target.value)}
            required
            maxLength={20}
            spellCheck={false}
            autoComplete="off"
            placeholder="8Gi"
          />
        </label>
        <label>
          Pods
          <input
            type="number"
            inputMode="numeric"
            value={pods}
            onChange={(e) => setPods(e.target.value)}
            required
            min={1}
            max={10_000}
            step={1}
          />
        </label>
      </div>
      <span className="cc-muted">Kubernetes quantities: CPU as 500m or 4, memory as 512Mi or 8Gi.</span>
      {update.error && <ErrorNotice>{userMessage(update.error)}</ErrorNotice>}
      <span className="cc-inline">
        <Button type="submit" disabled={update.isPending}>
          {update.isPending ? "Saving…" : "Save quota"}
        </Button>
        <Button variant="secondary" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </span>
    </form>
  );
}
