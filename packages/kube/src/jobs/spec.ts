/**
 * The objects the job runner creates, exactly: a batch/v1 Job from the run
 * form, a CronJob around the same Job spec, and a Job triggered from a
 * CronJob as `kubectl create job --from=cronjob/...` makes it. Pure.
 */
import type { ConcurrencyPolicy, JobSpecInput } from "@clustercord/contracts";
import type { V1CronJob, V1Job, V1JobSpec } from "@kubernetes/client-node";
import type { z } from "zod";
import { CREATED_BY_LABEL } from "../manifests/place";

export { CREATED_BY_LABEL };
/** Marks one-off runs (jobs.run and jobs.trigger), as opposed to scheduled ones. */
export const RUN_LABEL = "clustercord.io/run";
export const INSTANTIATE_ANNOTATION = "cronjob.kubernetes.io/instantiate";
/** The one container of a run. */
export const MAIN_CONTAINER = "main";
const VOLUME_NAME = "data";
export const DEFAULT_TTL_SECONDS = 86_400;

/** The run form as its schema parsed it (defaults applied). */
export type JobSpecValues = z.output<typeof JobSpecInput>;

export interface VolumeSpec {
  claim: string;
  mountPath: string;
  readOnly: boolean;
}

/** `pvc:/path[:ro]` (the contract's VolumeMount format, already checked) as its parts. */
export function parseVolume(volume: string): VolumeSpec {
  const colon = volume.indexOf(":");
  const rest = volume.slice(colon + 1);
  const readOnly = rest.endsWith(":ro");
  return {
    claim: volume.slice(0, colon),
    mountPath: readOnly ? rest.slice(0, -3) : rest,
    readOnly,
  };
}

const RANDOM_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** Five random [a-z0-9] characters (Kubernetes' generateName uses the same kind of suffix). */
export function randomSuffix(random: () => number = Math.random): string {
  let out = "";
  for (let i = 0; i < 5; i++) out += RANDOM_ALPHABET[Math.floor(random() * RANDOM_ALPHABET.length)];
  return out;
}

/** "ghcr.io/acme/backup-tool:1.2@sha256:…" → "backup-tool": the last path part without tag or digest. */
export function imageBaseName(image: string): string {
  const withoutDigest = image.split("@")[0] ?? image;
  const last = withoutDigest.split("/").pop() ?? withoutDigest;
  const name = (last.split(":")[0] ?? last)
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return name || "job";
}

/** `run-<image name>-<5 random>`, at most 52 characters (room for the pods' own suffix). */
export function defaultJobName(image: string, suffix: string): string {
  const base = imageBaseName(image)
    .slice(0, 52 - "run-".length - suffix.length - 1)
    .replace(/-+$/, "");
  return `run-${base}-${suffix}`;
}

/** The Job's spec (shared by jobs.run and a CronJob's jobTemplate). */
function jobSpecBody(input: JobSpecValues, labels: Record<string, string>): V1JobSpec {
  const volume = input.volume ? parseVolume(input.volume) : null;
  const requests: Record<string, string> = {};
  if (input.resources?.cpu) requests.cpu = input.resources.cpu;
  if (input.resources?.memory) requests.memory = input.resources.memory;
  return {
    ttlSecondsAfterFinished: input.ttlSecondsAfterFinished ?? DEFAULT_TTL_SECONDS,
    backoffLimit: input.backoffLimit,
    ...(input.activeDeadlineSeconds !== undefined
      ? { activeDeadlineSeconds: input.activeDeadlineSeconds }
      : {}),
    template: {
      metadata: { labels: { ...labels } },
      spec: {
        restartPolicy: "Never",
        containers: [
          {
            name: MAIN_CONTAINER,
            image: input.image,
            command: [...input.command],
            ...(input.args.length ? { args: [...input.args] } : {}),
            ...(input.envFromSecret ? { envFrom: [{ secretRef: { name: input.envFromSecret } }] } : {}),
            ...(volume
              ? {
                  volumeMounts: [
                    {
                      name: VOLUME_NAME,
                      mountPath: volume.mountPath,
                      ...(volume.readOnly ? { readOnly: true } : {}),
                    },
                  ],
                }
              : {}),
            // Requests equal to limits: what was asked is what it gets, no more.
            ...(Object.keys(requests).length ? { resources: { requests, limits: { ...requests } } } : {}),
          },
        ],
        ...(volume
          ? {
              volumes: [
                {
                  name: VOLUME_NAME,
                  persistentVolumeClaim: {
                    claimName: volume.claim,
                    ...(volume.readOnly ? { readOnly: true } : {}),
                  },
                },
              ],
            }
          : {}),
      },
    },
  };
}

/** The batch/v1 Job jobs.run creates, labelled with who ran it. */
export function jobSpec(
  input: JobSpecValues,
  actor: { userId: string },
  options: { suffix?: string } = {},
): V1Job & { metadata: { name: string } } {
  const labels = { [CREATED_BY_LABEL]: actor.userId, [RUN_LABEL]: "true" };
  const name = input.name ?? defaultJobName(input.image, options.suffix ?? randomSuffix());
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name, namespace: input.namespace, labels: { ...labels } },
    spec: jobSpecBody(input, labels),
  };
}

export interface CronJobValues extends Omit<JobSpecValues, "name"> {
  name: string;
  cron: string;
  timeZone: string;
  concurrencyPolicy: z.output<typeof ConcurrencyPolicy>;
}

/** The batch/v1 CronJob jobs.schedule creates: its Jobs are the run form's Job, labelled with who scheduled it. */
export function cronJobSpec(input: CronJobValues, actor: { userId: string }): V1CronJob {
  const labels = { [CREATED_BY_LABEL]: actor.userId };
  return {
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: { name: input.name, namespace: input.namespace, labels: { ...labels } },
    spec: {
      schedule: input.cron.trim(),
      timeZone: input.timeZone,
      concurrencyPolicy: input.concurrencyPolicy,
      suspend: false,
      jobTemplate: { metadata: { labels: { ...labels } }, spec: jobSpecBody(input, labels) },
    },
  };
}

/**
 * A Job made now from a CronJob's jobTemplate, as `kubectl create job
 * --from=cronjob/<name>` makes it (the instantiate: manual annotation, the
 * CronJob as controlling owner), labelled as run by the person who triggered it.
 */
export function triggeredJobSpec(
  cronJob: V1CronJob,
  actor: { userId: string },
  options: { suffix?: string } = {},
): V1Job & { metadata: { name: string } } {
  const cronName = cronJob.metadata?.name ?? "cronjob";
  const suffix = options.suffix ?? randomSuffix();
  const name = `${cronName.slice(0, 63 - "-manual-".length - suffix.length)}-manual-${suffix}`;
  const template = cronJob.spec?.jobTemplate;
  const labels = {
    ...(template?.metadata?.labels ?? {}),
    [CREATED_BY_LABEL]: actor.userId,
    [RUN_LABEL]: "true",
  };
  const spec = structuredClone(template?.spec ?? ({} as V1JobSpec));
  spec.template = {
    ...spec.template,
    metadata: { ...spec.template?.metadata, labels: { ...spec.template?.metadata?.labels, ...labels } },
  };
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: {
      name,
      namespace: cronJob.metadata?.namespace ?? "",
      labels,
      annotations: { ...(template?.metadata?.annotations ?? {}), [INSTANTIATE_ANNOTATION]: "manual" },
      ownerReferences: [
        {
          apiVersion: "batch/v1",
          kind: "CronJob",
          name: cronName,
          uid: cronJob.metadata?.uid ?? "",
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec,
  };
}
