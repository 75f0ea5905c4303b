"use client";
import type { CostConfig } from "@clustercord/contracts";
import { Button, Card, ErrorNotice } from "@clustercord/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useId, useState } from "react";
import { userMessage, useTRPC } from "~/lib/trpc";
import { formatInstant, formatMoney, type PriceForm, priceFormOf, pricesFromForm } from "./format";

/** The prices in effect; the owner's admins change them (from now on, never retroactively). */
export function PriceSettings({ clusterId, canEdit }: { clusterId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const config = useQuery(trpc.cost.config.get.queryOptions({ clusterId }));
  return (
    <Card title="Prices">
      {config.error && <ErrorNotice>{userMessage(config.error)}</ErrorNotice>}
      {config.data &&
        (canEdit ? (
          <PriceEditor clusterId={clusterId} config={config.data} />
        ) : (
          <PriceFacts config={config.data} />
        ))}
      {config.data && config.data.history.length > 1 && <PriceHistory config={config.data} />}
    </Card>
  );
}

function PriceFacts({ config }: { config: CostConfig }) {
  const p = config.prices;
  return (
    <>
      <dl className="cc-facts" aria-label="Prices in effect">
        <dt>CPU</dt>
        <dd>{formatMoney(p.cpuPerCoreHour, p.currency)} per core-hour</dd>
        <dt>Memory</dt>
        <dd>{formatMoney(p.memoryPerGbHour, p.currency)} per GiB-hour</dd>
        <dt>Storage</dt>
        <dd>{formatMoney(p.storagePerGbMonth, p.currency)} per GiB-month</dd>
        <dt>Since</dt>
        <dd>{config.effectiveFrom ? formatInstant(config.effectiveFrom) : "the defaults"}</dd>
        {config.opencostUrl && (
          <>
            <dt>OpenCost</dt>
            <dd>{config.opencostUrl}</dd>
          </>
        )}
      </dl>
      <p className="cc-muted">The cluster owner's admins set the prices.</p>
    </>
  );
}

function PriceEditor({ clusterId, config }: { clusterId: string; config: CostConfig }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const ids = { cpu: useId(), memory: useId(), storage: useId(), currency: useId(), opencost: useId() };
  const [form, setForm] = useState<PriceForm>(() => priceFormOf(config.prices));
  const [opencost, setOpencost] = useState(config.opencostUrl ?? "");
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  // A refetch (another tab, another admin) brings the form up to date.
  useEffect(() => {
    setForm(priceFormOf(config.prices));
    setOpencost(config.opencostUrl ?? "");
  }, [config]);

  const save = useMutation(
    trpc.cost.config.set.mutationOptions({
      onSuccess: (next) => {
        queryClient.setQueryData(trpc.cost.config.get.queryKey({ clusterId }), next);
        void queryClient.invalidateQueries({ queryKey: trpc.cost.pathKey() });
        setSaved(true);
      },
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const checked = pricesFromForm(form);
    if (!checked.prices) {
      setProblem(checked.problem);
      return;
    }
    setProblem(null);
    const url = opencost.trim();
    save.mutate({ clusterId, prices: checked.prices, opencostUrl: url === "" ? null : url });
  };
  const field = (key: keyof PriceForm) => ({
    id: ids[key],
    value: form[key],
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value }),
  });

  return (
    <form className="cc-form cc-price-form" onSubmit={submit} aria-label="Prices">
      <label htmlFor={ids.cpu}>
        CPU per core-hour
        <input {...field("cpu")} inputMode="decimal" />
      </label>
      <label htmlFor={ids.memory}>
        Memory per GiB-hour
        <input {...field("memory")} inputMode="decimal" />
      </label>
      <label htmlFor={ids.storage}>
        Storage per GiB-month
        <input {...field("storage")} inputMode="decimal" />
      </label>
      <label htmlFor={ids.currency}>
        Currency
        <input {...field("currency")} maxLength={3} autoCapitalize="characters" />
      </label>
      <label htmlFor={ids.opencost}>
        OpenCost or Kubecost allocation API (optional)
        <input
          id={ids.opencost}
          type="url"
          value={opencost}
          placeholder="http://opencost.opencost:9003"
          onChange={(e) => setOpencost(e.target.value)}
        />
      </label>
      <p className="cc-muted">
        New prices apply from now on; hours already counted keep the prices of their time.
        {config.effectiveFrom ? ` In effect since ${formatInstant(config.effectiveFrom)}.` : ""}
      </p>
      {problem && <ErrorNotice>{problem}</ErrorNotice>}
      {save.error && <ErrorNotice>{userMessage(save.error)}</ErrorNotice>}
      {saved && !save.isPending && (
        <p className="cc-success" role="status">
          Prices saved.
        </p>
      )}
      <div>
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save prices"}
        </Button>
      </div>
    </form>
  );
}

function PriceHistory({ config }: { config: CostConfig }) {
  return (
    <details className="cc-price-history">
      <summary>Earlier prices</summary>
      <div className="cc-table-wrap">
        <table className="cc-table" aria-label="Price history">
          <thead>
            <tr>
              <th scope="col">From</th>
              <th scope="col">CPU</th>
              <th scope="col">Memory</th>
              <th scope="col">Storage</th>
              <th scope="col">Set by</th>
            </tr>
          </thead>
          <tbody>
            {config.history.map((h) => (
              <tr key={h.effectiveFrom}>
                <td>{formatInstant(h.effectiveFrom)}</td>
                <td>{formatMoney(h.cpuPerCoreHour, h.currency)}</td>
                <td>{formatMoney(h.memoryPerGbHour, h.currency)}</td>
                <td>{formatMoney(h.storagePerGbMonth, h.currency)}</td>
                <td>{h.setBy}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
