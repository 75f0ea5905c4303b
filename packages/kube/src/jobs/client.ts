/**
 * The job runner's cluster calls, each made as whoever `kc` authenticates
 * as (the services pass the person's impersonated config). Refusals reject
 * with the cluster's AppError (fromKubeError).
 */
import {
  BatchV1Api,
  CoreV1Api,
  HttpMethod,
  IsomorphicFetchHttpLibrary,
  type KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  RequestContext,
  type V1CronJob,
  type V1Job,
  type V1Pod,
} from "@kubernetes/client-node";
import { fromKubeError } from "../client/errors";

const http = new IsomorphicFetchHttpLibrary();

/** What a metadata-only GET of an object answered. */
export type Presence = "exists" | "missing" | "forbidden";

/**
 * Whether a namespaced object exists, asking only for its metadata
 * (PartialObjectMetadata): a Secret's data is never sent, nor read.
 */
export async function objectPresence(
  kc: KubeConfig,
  ref: { apiPath: string; resource: string; namespace: string; name: string },
): Promise<Presence> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error("the kubeconfig has no current cluster");
  const path = `${ref.apiPath}/namespaces/${encodeURIComponent(ref.namespace)}/${ref.resource}/${encodeURIComponent(ref.name)}`;
  const ctx = new RequestContext(`${cluster.server}${path}`, HttpMethod.GET);
  ctx.setHeaderParam(
    "Accept",
    "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json",
  );
  ctx.setSignal(AbortSignal.timeout(15_000));
  await kc.applySecurityAuthentication(ctx);
  let status: number;
  try {
    const response = await http.send(ctx).toPromise();
    status = response.httpStatusCode;
    await response.body
      .stream()
      ?.cancel()
      .catch(() => undefined);
  } catch (error) {
    throw fromKubeError(error);
  }
  if (status >= 200 && status < 300) return "exists";
  if (status === 404) return "missing";
  if (status === 403) return "forbidden";
  throw fromKubeError(new Error(`reading ${ref.resource}/${ref.name}: HTTP ${status}`));
}

export async function createJob(kc: KubeConfig, job: V1Job): Promise<V1Job> {
  try {
    return await kc
      .makeApiClient(BatchV1Api)
      .createNamespacedJob({ namespace: job.metadata?.namespace ?? "", body: job });
  } catch (error) {
    throw fromKubeError(error);
  }
}

export async function createCronJob(kc: KubeConfig, cronJob: V1CronJob): Promise<V1CronJob> {
  try {
    return await kc
      .makeApiClient(BatchV1Api)
      .createNamespacedCronJob({ namespace: cronJob.metadata?.namespace ?? "", body: cronJob });
  } catch (error) {
    throw fromKubeError(error);
  }
}

export async function readJob(kc: KubeConfig, namespace: string, name: string): Promise<V1Job> {
  try {
    return await kc.makeApiClient(BatchV1Api).readNamespacedJob({ namespace, name });
  } catch (error) {
    throw fromKubeError(error);
  }
}

export async function readCronJob(kc: KubeConfig, namespace: string, name: string): Promise<V1CronJob> {
  try {
    return await kc.makeApiClient(BatchV1Api).readNamespacedCronJob({ namespace, name });
  } catch (error) {
    throw fromKubeError(error);
  }
}

/** Sets spec.suspend (a merge patch, so nothing else of the CronJob is touched). */
export async function setCronJobSuspended(
  kc: KubeConfig,
  namespace: string,
  name: string,
  suspend: boolean,
): Promise<V1CronJob> {
  try {
    return (await KubernetesObjectApi.makeApiClient(kc).patch(
      { apiVersion: "batch/v1", kind: "CronJob", metadata: { name, namespace }, spec: { suspend } } as never,
      undefined,
      undefined,
      "clustercord",
      undefined,
      PatchStrategy.MergePatch,
    )) as unknown as V1CronJob;
  } catch (error) {
    throw fromKubeError(error);
  }
}

/**
 * Deletes a Job or CronJob with this uid (a same-named newer object is never
 * deleted by mistake), its pods or Jobs in the background.
 */
export async function deleteJobObject(
  kc: KubeConfig,
  target: { kind: "Job" | "CronJob"; namespace: string; name: string; uid: string },
): Promise<void> {
  const api = kc.makeApiClient(BatchV1Api);
  const request = {
    namespace: target.namespace,
    name: target.name,
    body: { propagationPolicy: "Background", preconditions: { uid: target.uid } },
  };
  try {
    if (target.kind === "Job") await api.deleteNamespacedJob(request);
    else await api.deleteNamespacedCronJob(request);
  } catch (error) {
    throw fromKubeError(error);
  }
}

/** The Job's pods (by the controller-uid label the Job controller sets), as whoever `kc` is. */
export async function listJobPods(kc: KubeConfig, namespace: string, jobUid: string): Promise<V1Pod[]> {
  try {
    const list = await kc
      .makeApiClient(CoreV1Api)
      .listNamespacedPod({ namespace, labelSelector: `batch.kubernetes.io/controller-uid=${jobUid}` });
    return list.items;
  } catch (error) {
    throw fromKubeError(error);
  }
}
