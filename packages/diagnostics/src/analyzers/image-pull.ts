import type { ObjectRef } from "@clustercord/contracts";
import { eventEvidence, field } from "../evidence";
import type { FindingDraft } from "../finding";
import type { KubeEvent, Pod } from "../kube";
import { type ContainerStatus, eventContainer, specContainer } from "./pod-parts";

const pullCauses: {
  id: string;
  test: (reason: string, text: string) => boolean;
  cause: string;
  recommendations: string[];
}[] = [
  {
    id: "pod.image-pull.rate-limited",
    test: (_r, t) => /toomanyrequests|rate limit|429 Too Many/i.test(t),
    cause: "the registry refuses pulls because the pull rate limit was reached",
    recommendations: [
      "Authenticate pulls (imagePullSecrets): authenticated accounts get higher limits.",
      "Mirror the image to your own registry or use a pull-through cache.",
    ],
  },
  {
    id: "pod.image-pull.bad-name",
    test: (r, t) =>
      r === "InvalidImageName" || /invalid reference format|couldn't parse image|InvalidImageName/i.test(t),
    cause: "the image reference is not a valid name",
    recommendations: [
      "Fix the image reference: registry/repository:tag or @sha256:digest, lowercase repository.",
    ],
  },
  {
    id: "pod.image-pull.not-found",
    test: (_r, t) => /manifest unknown|not found|404/i.test(t) && !/pull access denied/i.test(t),
    cause: "the registry has no such image or tag",
    recommendations: [
      "Check the tag exists in the registry (a typo, or a tag that was never pushed).",
      "Pin images by digest to avoid tags that are later removed.",
    ],
  },
  {
    id: "pod.image-pull.unauthorized",
    test: (_r, t) => /unauthorized|authentication required|401|403|forbidden|denied|authorization/i.test(t),
    cause: "the registry refused the credentials (or has no public image by that name)",
    recommendations: [
      "Add an imagePullSecret with credentials for the registry to the pod (or its ServiceAccount).",
      "Check the secret's registry host matches the image's, and that the token has not expired.",
      "Docker Hub answers 'pull access denied' for missing repositories too: check the name.",
    ],
  },
];

export interface PullCause {
  id: string;
  cause: string;
  recommendations: string[];
}

const unknownPullCause: PullCause = {
  id: "pod.image-pull.failed",
  cause: "the node cannot fetch the image (network, DNS or registry trouble)",
  recommendations: ["Check that the node reaches the registry (DNS, proxy, firewall) and retry."],
};

/** Why a pull fails, from the kubelet's waiting reason and the registry's words (alerts use it too). */
export function classifyPullError(reason: string, text: string): PullCause {
  const match = pullCauses.find((c) => c.test(reason, text));
  return match
    ? { id: match.id, cause: match.cause, recommendations: match.recommendations }
    : unknownPullCause;
}

export function imagePull(
  pod: Pod,
  target: ObjectRef,
  s: ContainerStatus,
  events: readonly KubeEvent[],
): FindingDraft {
  const name = s.name ?? "?";
  const waiting = s.state?.waiting;
  const image = specContainer(pod, name)?.image ?? s.image ?? "?";
  const pullEvents = events.filter(
    (e) =>
      e.reason === "Failed" &&
      (eventContainer(e) === undefined || eventContainer(e) === name) &&
      /pull|image/i.test(e.message ?? ""),
  );
  const text = [waiting?.message ?? "", ...pullEvents.map((e) => e.message ?? "")].join("\n");
  const match = classifyPullError(waiting?.reason ?? "", text);
  return {
    id: match.id,
    severity: "HIGH",
    target,
    container: name,
    title: `Container ${name} cannot pull image ${image}`,
    cause: `Pulling ${image} fails: ${match.cause}.`,
    evidence: [
      field(`containers[${name}].image`, image),
      field(`containers[${name}].state.waiting`, `${waiting?.reason ?? "?"}: ${waiting?.message ?? ""}`),
      ...pullEvents.slice(0, 3).map((e) => eventEvidence(e)),
    ],
    recommendations: match.recommendations,
  };
}
