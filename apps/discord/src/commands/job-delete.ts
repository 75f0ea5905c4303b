import type { InteractionEditReplyOptions } from "discord.js";
import { renderOutcome, renderPlan } from "../render/plan";
import { plain } from "../render/style";
import { UserError } from "../user-error";
import { argsOnMessage, cancelButton, confirmRow } from "./cluster/confirm";
import { CUSTOM_ID_MAX, customId, packId, unpackId } from "./cluster/custom-id";
import type { ClusterSubcommand } from "./cluster/types";
import { objectTarget, withCluster, withJob, withNamespace } from "./job-options";
import type { ButtonHandler } from "./types";

/**
 * `/job delete job: [kind:]`: jobs.planDelete as the person, shown with
 * Confirm/Cancel; Confirm calls jobs.delete with the plan's token. A custom
 * id holds 100 characters, so (as for pods) the target travels in Cancel's
 * id and Confirm carries only the token; the API re-checks everything.
 */
const CONFIRM = "job-del-ok";
const CANCEL = "job-del-no";
const KINDS = { J: "Job", C: "CronJob" } as const;
type Kind = (typeof KINDS)[keyof typeof KINDS];

interface DeleteRef {
  clusterId: string;
  namespace: string;
  job: string;
  kind: Kind;
}

const refArgs = (ref: DeleteRef) => [
  packId(ref.clusterId),
  ref.namespace,
  ref.job,
  ref.kind === "Job" ? "J" : "C",
];

function refFrom(args: readonly string[]): DeleteRef | null {
  const [packed = "", namespace = "", job = "", k = ""] = args;
  const clusterId = unpackId(packed);
  const kind = KINDS[k as keyof typeof KINDS];
  return clusterId && namespace && job && kind ? { clusterId, namespace, job, kind } : null;
}

export const deleteSubcommand: ClusterSubcommand = {
  name: "delete",
  description: "Delete a job (or a CronJob with kind:CronJob); shows what goes first, asks to confirm",
  options: (sub) =>
    withCluster(
      withNamespace(
        withJob(sub, "The job (or CronJob) to delete").addStringOption((o) =>
          o
            .setName("kind")
            .setDescription("What job: names (default: Job)")
            .addChoices({ name: "Job", value: "Job" }, { name: "CronJob", value: "CronJob" }),
        ),
      ),
    ),
  async execute({ interaction, api }) {
    const { cluster, namespace, name } = await objectTarget(api, interaction, "job");
    const kind: Kind = interaction.options.getString("kind") === "CronJob" ? "CronJob" : "Job";
    const ref: DeleteRef = { clusterId: cluster.id, namespace, job: name, kind };
    const cancelId = [CANCEL, ...refArgs(ref)].join(":");
    if (cancelId.length > CUSTOM_ID_MAX) {
      throw new UserError(
        `The names of ${namespace}/${name} are too long for Discord's buttons; delete it in the web dashboard.`,
      );
    }
    const plan = await api.jobs.planDelete.query(ref);
    return {
      embeds: [renderPlan(plan)],
      components: [
        confirmRow(customId(CONFIRM, plan.confirmToken), `Delete ${name}`, customId(CANCEL, ...refArgs(ref))),
      ],
    };
  },
};

/** Confirm: jobs.delete as whoever clicked (the token is bound to the person who planned it and the target). */
export const deleteJobConfirmButton: ButtonHandler = {
  prefix: CONFIRM,
  async execute({ interaction, api, args }): Promise<InteractionEditReplyOptions> {
    const cancelArgs = argsOnMessage(interaction, CANCEL);
    const ref = cancelArgs ? refFrom(cancelArgs) : null;
    if (!ref) throw new UserError("That button is out of date; run /job delete again.");
    const { message } = await api.jobs.delete.mutate({ ...ref, confirmToken: args[0] ?? "" });
    return { embeds: [renderOutcome(plain(message, 1000))], components: [] };
  },
};

export const jobDeleteButtons: readonly ButtonHandler[] = [deleteJobConfirmButton, cancelButton(CANCEL)];
