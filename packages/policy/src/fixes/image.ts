import type { FixResult } from "../lint/define";
import type { FixContext } from "../lint/types";
import type { ContainerRef, KubeObject } from "../objects";
import { setField } from "../patch";

const digestPattern = /^sha256:[a-f0-9]{64}$/;
/** A tag: after the last ':' with no '/' after it (so `registry:5000/app` has none). */
export const imageTagPattern = /:[^/:]+$/;

/** The image pinned to the digest the container runs (the tag dropped: the digest is what counts). */
export function pinImageFix(object: KubeObject, c: ContainerRef, context: FixContext): FixResult {
  const digest = context.runningDigests?.[c.name];
  const image = c.container.image;
  if (typeof image !== "string" || image === "") return { reason: `container ${c.name} has no image` };
  if (!digest || !digestPattern.test(digest))
    return { reason: `the digest container ${c.name} runs is not known; pin a version tag such as :1.27.3` };
  const repository = image.replace(imageTagPattern, "");
  return setField(object, [...c.path, "image"], `${repository}@${digest}`);
}
