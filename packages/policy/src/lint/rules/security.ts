import { setContainerSecurity } from "../../fixes/security-context";
import { type ContainerRef, getIn, type PodSpecRef } from "../../objects";
import { removeField } from "../../patch";
import { defineContainerRule, type Problem } from "../define";

const sc = (c: ContainerRef, field: string) => getIn(c.container, ["securityContext", field]);
const podSc = (pod: PodSpecRef, field: string) => getIn(pod.spec, ["securityContext", field]);
/** A container's setting wins over the pod's. */
const effective = (c: ContainerRef, pod: PodSpecRef, field: string) => sc(c, field) ?? podSc(pod, field);

/** A UID images can run as without a matching passwd entry (distroless' nonroot user). */
const NON_ROOT_UID = 65532;

/** Policy run-as-non-root: runAsNonRoot is true (container or pod) and the UID is not 0. */
export const runAsNonRoot = defineContainerRule({
  id: "run-as-non-root",
  severity: "CRITICAL",
  title: "Runs as root",
  problems: (c, pod) => {
    const out: Problem[] = [];
    if (effective(c, pod, "runAsNonRoot") !== true)
      out.push({
        path: [...c.path, "securityContext", "runAsNonRoot"],
        message: `container ${c.name} may run as root: set securityContext.runAsNonRoot to true`,
      });
    if (effective(c, pod, "runAsUser") === 0)
      out.push({
        path:
          sc(c, "runAsUser") === undefined
            ? [...pod.path, "securityContext", "runAsUser"]
            : [...c.path, "securityContext", "runAsUser"],
        message: `container ${c.name} runs as UID 0 (root)`,
      });
    return out;
  },
  fix: (object, c, pod) =>
    setContainerSecurity(object, c, {
      runAsNonRoot: true,
      ...(effective(c, pod, "runAsUser") === 0 ? { runAsUser: NON_ROOT_UID } : {}),
    }),
});

/** Policy read-only-root-fs: containers cannot write their image's filesystem. */
export const readOnlyRootFilesystem = defineContainerRule({
  id: "read-only-root-fs",
  severity: "MEDIUM",
  title: "Writable root filesystem",
  problems: (c) =>
    sc(c, "readOnlyRootFilesystem") === true
      ? []
      : [
          {
            path: [...c.path, "securityContext", "readOnlyRootFilesystem"],
            message: `container ${c.name} can write its root filesystem: set readOnlyRootFilesystem to true (mount an emptyDir where it must write)`,
          },
        ],
  fix: (object, c) => setContainerSecurity(object, c, { readOnlyRootFilesystem: true }),
});

/** Policy no-privileged: no container runs privileged (all of the node's devices and capabilities). */
export const privileged = defineContainerRule({
  id: "privileged",
  severity: "CRITICAL",
  title: "Privileged container",
  problems: (c) =>
    sc(c, "privileged") === true
      ? [
          {
            path: [...c.path, "securityContext", "privileged"],
            message: `container ${c.name} is privileged: it has full access to the node`,
          },
        ]
      : [],
  fix: (object, c) => setContainerSecurity(object, c, { privileged: false }),
});

export const privilegeEscalation = defineContainerRule({
  id: "privilege-escalation",
  severity: "HIGH",
  title: "Privilege escalation allowed",
  problems: (c) =>
    sc(c, "allowPrivilegeEscalation") === false
      ? []
      : [
          {
            path: [...c.path, "securityContext", "allowPrivilegeEscalation"],
            message: `container ${c.name} may gain privileges (setuid binaries): set allowPrivilegeEscalation to false`,
          },
        ],
  fix: (object, c) => setContainerSecurity(object, c, { allowPrivilegeEscalation: false }),
});

/** The one capability the restricted Pod Security Standard allows adding. */
const allowedCapabilities = new Set(["NET_BIND_SERVICE"]);

export const addedCapabilities = defineContainerRule({
  id: "added-capabilities",
  severity: "HIGH",
  title: "Added Linux capabilities",
  problems: (c) => {
    const added = getIn(c.container, ["securityContext", "capabilities", "add"]);
    if (!Array.isArray(added)) return [];
    const risky = added.filter((a) => typeof a === "string" && !allowedCapabilities.has(a));
    return risky.length === 0
      ? []
      : [
          {
            path: [...c.path, "securityContext", "capabilities", "add"],
            message: `container ${c.name} adds capabilities ${risky.join(", ")}`,
          },
        ];
  },
  fix: (object, c) => removeField(object, [...c.path, "securityContext", "capabilities", "add"]),
});
