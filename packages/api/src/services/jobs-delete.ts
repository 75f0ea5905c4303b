/**
 * Deleting a Job or a CronJob in two steps: the plan says what goes with it
 * and returns a token bound to the object's uid (a same-named object created
 * since is a different one); the delete runs as the person, in the background.
 */
import { type ActionPlan, AppError, type JobsDeleteOutput } from "@clustercord/contracts";
import { canI, deleteJobObject } from "@clustercord/kube";
import type { V1CronJob, V1Job } from "@kubernetes/client-node";
import type { z } from "zod";
import type { ApiDeps } from "../context";
import { issueConfirmation, verifyConfirmation } from "./confirmations";
import {
  cronJobAsPerson,
  jobAsPerson,
  noSuchCronJob,
  noSuchJob,
  type PersonNamespace,
  personNamespace,
} from "./jobs-access";
import type { Actor } from "./read-access";

interface DeleteTarget {
  clusterId: string;
  namespace: string;
  job: string;
  kind: "Job" | "CronJob";
}

const subject = (actor: Actor, t: DeleteTarget, uid: string) => ({
  action: "jobs.delete",
  target: `${t.clusterId}/${t.namespace}/${t.kind}/${t.job}/${uid}`,
  userId: actor.userId,
  guildId: actor.guildId,
});

async function targetAsPerson(deps: ApiDeps, actor: Actor, t: DeleteTarget) {
  const where = await personNamespace(deps, actor, t);
  const object: V1Job | V1CronJob =
    t.kind === "Job" ? await jobAsPerson(where, t.job) : await cronJobAsPerson(where, t.job);
  return { where, object, uid: object.metadata?.uid ?? "" };
}

function consequences(t: DeleteTarget, object: V1Job | V1CronJob): string[] {
  if (t.kind === "Job") {
    const job = object as V1Job;
    const running = (job.status?.active ?? 0) > 0;
    return [
      running
        ? `Job ${t.job} is running: its pods are stopped and deleted with it, and their logs go with them.`
        : `Job ${t.job} and its pods are deleted; their logs go with them.`,
    ];
  }
  const cron = object as V1CronJob;
  return [
    `CronJob ${t.job} is deleted: no more runs on "${cron.spec?.schedule ?? ""}".`,
    "The Jobs it started, and their pods and logs, are deleted with it.",
  ];
}

async function mayDelete(where: PersonNamespace, t: DeleteTarget) {
  const resource = t.kind === "Job" ? "jobs" : "cronjobs";
  if (!(await canI(where.kc, { verb: "delete", resource, group: "batch", namespace: t.namespace })))
    throw new AppError("FORBIDDEN", {
      userMessage: `The cluster does not let you delete ${resource} in ${t.namespace}.`,
    });
}

/** Step one: what deleting it does, and a token to confirm it. Changes nothing. */
export async function planDeleteJob(deps: ApiDeps, actor: Actor, t: DeleteTarget): Promise<ActionPlan> {
  const { where, object, uid } = await targetAsPerson(deps, actor, t);
  await mayDelete(where, t);
  const { token, expiresAt } = issueConfirmation(deps.confirmationKey, subject(actor, t, uid));
  return {
    summary: `Delete ${t.kind} ${t.job} in ${t.namespace}?`,
    changes: consequences(t, object),
    confirmToken: token,
    expiresAt: expiresAt.toISOString(),
  };
}

/** Step two: deletes it AS the person, given the token its plan returned to them for this very object. */
export async function deleteJobConfirmed(
  deps: ApiDeps,
  actor: Actor,
  input: DeleteTarget & { confirmToken: string },
): Promise<z.infer<typeof JobsDeleteOutput>> {
  const { where, uid } = await targetAsPerson(deps, actor, input);
  verifyConfirmation(deps.confirmationKey, input.confirmToken, subject(actor, input, uid));
  await deleteJobObject(where.kc, {
    kind: input.kind,
    namespace: input.namespace,
    name: input.job,
    uid,
  }).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND")
      throw input.kind === "Job"
        ? noSuchJob(input.namespace, input.job)
        : noSuchCronJob(input.namespace, input.job);
    throw error;
  });
  return { message: `${input.kind} ${input.job} deleted from ${input.namespace}.` };
}
