/**
 * What is live of the objects a chart would create, read with the person's
 * impersonated client: an install's plan shows which of them already exist.
 */
import { type KubeConfig, KubernetesObjectApi } from "@kubernetes/client-node";
import { fromKubeError } from "../client/errors";

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string | null;
}

export interface LiveRead {
  /** The objects that exist, as the API server returned them. */
  live: Record<string, unknown>[];
  /** Objects the person may not read (or whose kind the server does not know), as `Kind name`. */
  unreadable: string[];
}

/** Reads each object as whoever `kc` is; absent ones are left out, refused ones listed. */
export async function readLiveObjects(
  kc: KubeConfig,
  refs: readonly ObjectRef[],
  defaultNamespace: string,
): Promise<LiveRead> {
  const api = KubernetesObjectApi.makeApiClient(kc);
  const live: Record<string, unknown>[] = [];
  const unreadable: string[] = [];
  await Promise.all(
    refs.map(async (ref) => {
      try {
        const object = await api.read({
          apiVersion: ref.apiVersion,
          kind: ref.kind,
          metadata: { name: ref.name, namespace: ref.namespace ?? defaultNamespace },
        });
        live.push(object as unknown as Record<string, unknown>);
      } catch (error) {
        const app = fromKubeError(error);
        if (app.code === "NOT_FOUND") return;
        unreadable.push(`${ref.kind} ${ref.name}`);
      }
    }),
  );
  return { live, unreadable };
}
