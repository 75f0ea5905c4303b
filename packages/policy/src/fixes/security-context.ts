import type { FixResult } from "../lint/define";
import type { ContainerRef, KubeObject } from "../objects";
import { setFields } from "../patch";

/** Set fields of a container's securityContext (creating it when absent). */
export const setContainerSecurity = (
  object: KubeObject,
  c: ContainerRef,
  fields: Record<string, unknown>,
): FixResult =>
  setFields(
    object,
    Object.entries(fields).map(([key, value]) => [[...c.path, "securityContext", key], value] as const),
  );
