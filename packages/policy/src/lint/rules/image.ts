import { imageTagPattern, pinImageFix } from "../../fixes/image";
import { defineContainerRule } from "../define";

/** A pinned image: by digest, or by a tag other than `latest`. */
export function isPinnedImage(image: unknown): boolean {
  if (typeof image !== "string") return false;
  return image.includes("@") || (imageTagPattern.test(image) && !image.endsWith(":latest"));
}

/** Policy no-latest-tag: images name a version (a tag that is not `latest`, or a digest). */
export const imageTag = defineContainerRule({
  id: "image-tag",
  severity: "MEDIUM",
  title: "Using 'latest' tag",
  problems: (c) =>
    isPinnedImage(c.container.image)
      ? []
      : [
          {
            path: [...c.path, "image"],
            message:
              typeof c.container.image === "string"
                ? `container ${c.name} image ${c.container.image} should use a specific version`
                : `container ${c.name} has no image`,
          },
        ],
  fix: (object, c, _pod, context) => pinImageFix(object, c, context),
});
