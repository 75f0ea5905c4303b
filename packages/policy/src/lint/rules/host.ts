import { getIn, isRecord } from "../../objects";
import { setField } from "../../patch";
import { definePodRule } from "../define";

const hostNamespaceRule = (
  field: "hostNetwork" | "hostPID" | "hostIPC",
  id: string,
  title: string,
  what: string,
) =>
  definePodRule({
    id,
    severity: "HIGH",
    title,
    problems: (pod) =>
      pod.spec[field] === true
        ? [{ path: [...pod.path, field], message: `the pod shares the node's ${what}` }]
        : [],
    fix: (object, pod) => setField(object, [...pod.path, field], false),
  });

/** Policy no-host-network. */
export const hostNetwork = hostNamespaceRule("hostNetwork", "host-network", "Host networking", "network");
export const hostPID = hostNamespaceRule("hostPID", "host-pid", "Host PID namespace", "process list");
export const hostIPC = hostNamespaceRule("hostIPC", "host-ipc", "Host IPC namespace", "IPC namespace");

export const hostPathVolumes = definePodRule({
  id: "host-path",
  severity: "HIGH",
  title: "hostPath volume",
  problems: (pod) => {
    const volumes = Array.isArray(pod.spec.volumes) ? pod.spec.volumes : [];
    return volumes.flatMap((v, i) =>
      isRecord(v) && v.hostPath !== undefined
        ? [
            {
              path: [...pod.path, "volumes", i, "hostPath"],
              message: `volume ${String(v.name)} mounts ${String(getIn(v, ["hostPath", "path"]) ?? "a path")} from the node`,
            },
          ]
        : [],
    );
  },
});
