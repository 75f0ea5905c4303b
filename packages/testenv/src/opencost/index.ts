/**
 * A local stand-in for OpenCost's allocation API
 * (https://opencost.io/docs/integrations/api): `GET /allocation/compute`
 * (and `/allocation`) with `window` (an RFC 3339 pair "start,end"),
 * `aggregate` (namespace | controller | namespace,controller), `step`
 * (e.g. 1d; default: the whole window), `accumulate` and `includeIdle`,
 * answering `{ code: 200, data: [ { <name>: Allocation } ] }` with
 * OpenCost's Allocation fields (properties, window, start, end, minutes,
 * cpuCoreHours, cpuCost, ramByteHours, ramCost, pvByteHours, pvCost,
 * totalCost, …). Costs come from the fixture as given, one entry per
 * workload and UTC hour-aligned span.
 *
 *   const oc = await startOpenCostStandIn({ allocations: [...] });
 *   // GET ${oc.url}/allocation/compute?window=2026-11-01T00:00:00Z,2026-11-02T00:00:00Z&aggregate=namespace
 */
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One workload's usage and cost over [start, end) (split evenly when a step cuts it). */
export interface StandInAllocation {
  namespace: string;
  /** OpenCost's lower-case kind: deployment, statefulset, daemonset, job… */
  controllerKind: string;
  controller: string;
  start: string;
  end: string;
  cpuCoreHours: number;
  cpuCost: number;
  ramByteHours: number;
  ramCost: number;
  pvByteHours: number;
  pvCost: number;
}

export interface OpenCostStandInOptions {
  allocations: StandInAllocation[];
  /** The cluster's idle cost per hour, returned as `__idle__` when includeIdle=true. */
  idlePerHour?: { cpuCost: number; ramCost: number };
  clusterName?: string;
}

export interface OpenCostStandIn {
  url: string;
  /** Paths with query of every request, in order. */
  requests: string[];
  /** While set, every answer is this HTTP status. */
  failWith: number | null;
  /** While set, every answer is a redirect here. */
  redirectTo: string | null;
  close(): Promise<void>;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function json(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function parseDuration(step: string): number | null {
  const m = /^(\d+)([mhdw])$/.exec(step);
  if (!m) return null;
  const unit = { m: 60_000, h: HOUR, d: DAY, w: 7 * DAY }[m[2] as "m" | "h" | "d" | "w"];
  return Number(m[1]) * unit;
}

interface Sums {
  name: string;
  properties: Record<string, string>;
  minutes: number;
  cpuCoreHours: number;
  cpuCost: number;
  ramByteHours: number;
  ramCost: number;
  pvByteHours: number;
  pvCost: number;
}

/** An Allocation as OpenCost serializes it (the fields ClusterCord reads and the usual others). */
function allocation(s: Sums, from: number, to: number) {
  const hours = Math.max(s.minutes / 60, 1e-9);
  const totalCost = s.cpuCost + s.ramCost + s.pvCost;
  return {
    name: s.name,
    properties: s.properties,
    window: { start: new Date(from).toISOString(), end: new Date(to).toISOString() },
    start: new Date(from).toISOString(),
    end: new Date(to).toISOString(),
    minutes: s.minutes,
    cpuCores: s.cpuCoreHours / hours,
    cpuCoreRequestAverage: s.cpuCoreHours / hours,
    cpuCoreUsageAverage: s.cpuCoreHours / hours,
    cpuCoreHours: s.cpuCoreHours,
    cpuCost: s.cpuCost,
    cpuCostAdjustment: 0,
    cpuEfficiency: 1,
    gpuCount: 0,
    gpuHours: 0,
    gpuCost: 0,
    gpuCostAdjustment: 0,
    networkTransferBytes: 0,
    networkReceiveBytes: 0,
    networkCost: 0,
    networkCostAdjustment: 0,
    loadBalancerCost: 0,
    loadBalancerCostAdjustment: 0,
    pvBytes: s.pvByteHours / hours,
    pvByteHours: s.pvByteHours,
    pvCost: s.pvCost,
    pvs: null,
    pvCostAdjustment: 0,
    ramBytes: s.ramByteHours / hours,
    ramByteRequestAverage: s.ramByteHours / hours,
    ramByteUsageAverage: s.ramByteHours / hours,
    ramByteHours: s.ramByteHours,
    ramCost: s.ramCost,
    ramCostAdjustment: 0,
    ramEfficiency: 1,
    sharedCost: 0,
    externalCost: 0,
    totalCost,
    totalEfficiency: 1,
    rawAllocationOnly: null,
  };
}

export async function startOpenCostStandIn(options: OpenCostStandInOptions): Promise<OpenCostStandIn> {
  const cluster = options.clusterName ?? "cluster-one";
  const state: Pick<OpenCostStandIn, "requests" | "failWith" | "redirectTo"> = {
    requests: [],
    failWith: null,
    redirectTo: null,
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://stand-in");
    state.requests.push(`${url.pathname}${url.search}`);
    if (state.redirectTo) {
      res.writeHead(302, { location: state.redirectTo });
      res.end();
      return;
    }
    if (state.failWith)
      return json(res, state.failWith, { code: state.failWith, message: "stand-in failure" });
    if (req.method !== "GET" || !["/allocation/compute", "/allocation"].includes(url.pathname))
      return json(res, 404, { code: 404, message: "not found" });
    const window = (url.searchParams.get("window") ?? "").split(",");
    const from = Date.parse(window[0] ?? "");
    const to = Date.parse(window[1] ?? "");
    if (window.length !== 2 || Number.isNaN(from) || Number.isNaN(to) || from >= to)
      return json(res, 400, { code: 400, message: "window must be an RFC3339 pair start,end" });
    const aggregate = (url.searchParams.get("aggregate") ?? "").split(",").filter(Boolean);
    if (aggregate.some((a) => !["namespace", "controller", "controllerKind", "cluster"].includes(a)))
      return json(res, 400, { code: 400, message: `unsupported aggregate ${aggregate.join(",")}` });
    const stepMs = url.searchParams.get("step")
      ? parseDuration(url.searchParams.get("step") ?? "")
      : to - from;
    if (!stepMs) return json(res, 400, { code: 400, message: "bad step" });
    const accumulate = url.searchParams.get("accumulate") === "true";
    const includeIdle = url.searchParams.get("includeIdle") === "true";

    const sets: Record<string, ReturnType<typeof allocation>>[] = [];
    const steps: [number, number][] = [];
    for (let s = from; s < to; s += stepMs) steps.push([s, Math.min(s + stepMs, to)]);
    const ranges: [number, number][] = accumulate ? [[from, to]] : steps;
    for (const [s, e] of ranges) {
      const groups = new Map<string, Sums>();
      for (const a of options.allocations) {
        const as = Date.parse(a.start);
        const ae = Date.parse(a.end);
        const overlap = Math.min(ae, e) - Math.max(as, s);
        if (overlap <= 0) continue;
        const share = overlap / (ae - as);
        const props: Record<string, string> = {
          cluster,
          namespace: a.namespace,
          controllerKind: a.controllerKind,
          controller: a.controller,
        };
        const name =
          aggregate.length === 0
            ? `${cluster}/${a.namespace}/${a.controller}`
            : aggregate
                .map((k) => (k === "controller" ? `${a.controllerKind}:${a.controller}` : props[k]))
                .join("/");
        const properties = Object.fromEntries(
          Object.entries(props).filter(
            ([k]) =>
              k === "cluster" ||
              aggregate.length === 0 ||
              aggregate.includes(k) ||
              (k === "controllerKind" && aggregate.includes("controller")),
          ),
        );
        const g = groups.get(name) ?? {
          name,
          properties,
          minutes: 0,
          cpuCoreHours: 0,
          cpuCost: 0,
          ramByteHours: 0,
          ramCost: 0,
          pvByteHours: 0,
          pvCost: 0,
        };
        g.minutes = Math.max(g.minutes, overlap / 60_000);
        g.cpuCoreHours += a.cpuCoreHours * share;
        g.cpuCost += a.cpuCost * share;
        g.ramByteHours += a.ramByteHours * share;
        g.ramCost += a.ramCost * share;
        g.pvByteHours += a.pvByteHours * share;
        g.pvCost += a.pvCost * share;
        groups.set(name, g);
      }
      const set: Record<string, ReturnType<typeof allocation>> = {};
      for (const [name, g] of groups) set[name] = allocation(g, s, e);
      if (includeIdle && options.idlePerHour) {
        const hours = (e - s) / HOUR;
        set.__idle__ = allocation(
          {
            name: "__idle__",
            properties: { cluster },
            minutes: hours * 60,
            cpuCoreHours: 0,
            cpuCost: options.idlePerHour.cpuCost * hours,
            ramByteHours: 0,
            ramCost: options.idlePerHour.ramCost * hours,
            pvByteHours: 0,
            pvCost: 0,
          },
          s,
          e,
        );
      }
      sets.push(set);
    }
    json(res, 200, { code: 200, data: sets });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(state, {
    url,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
