import type { FixResult } from "../lint/define";
import { type ContainerRef, isRecord, type KubeObject } from "../objects";
import { setFields } from "../patch";

/** How to reach the container's first declared port: HTTP GET / for ports named http*, else a TCP connect. */
function probeAction(c: ContainerRef): Record<string, unknown> | null {
  const ports = Array.isArray(c.container.ports) ? c.container.ports.filter(isRecord) : [];
  const port = ports[0];
  if (!port || typeof port.containerPort !== "number") return null;
  const name = typeof port.name === "string" ? port.name : "";
  if (/^https?(-|$)/.test(name)) {
    return { httpGet: { path: "/", port: name, ...(name.startsWith("https") ? { scheme: "HTTPS" } : {}) } };
  }
  return { tcpSocket: { port: port.containerPort } };
}

/** A liveness/readiness skeleton from the container's ports, for whichever probe is missing. */
export function probesFix(object: KubeObject, c: ContainerRef): FixResult {
  const action = probeAction(c);
  if (!action)
    return {
      reason: `container ${c.name} declares no ports; write probes that fit the program (an exec or HTTP check)`,
    };
  const fields: (readonly [(string | number)[], unknown])[] = [];
  if (c.container.livenessProbe === undefined)
    fields.push([[...c.path, "livenessProbe"], { ...action, initialDelaySeconds: 10, periodSeconds: 10 }]);
  if (c.container.readinessProbe === undefined)
    fields.push([[...c.path, "readinessProbe"], { ...action, periodSeconds: 5 }]);
  return setFields(object, fields);
}
