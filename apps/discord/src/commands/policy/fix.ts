import type { InteractionEditReplyOptions } from "discord.js";
import type { ApiClient } from "../../api-client";
import { renderApplyResult } from "../../render/manifests";
import { CANCELLED, renderOutcome } from "../../render/plan";
import { type FixPlanView, renderFixPlan } from "../../render/policies";
import { UserError } from "../../user-error";
import { assertAsker, confirmRow } from "../cluster/confirm";
import { customId, packId } from "../cluster/custom-id";
import type { ClusterSubcommand } from "../cluster/types";
import { confirmedPlan } from "../helm/operation";
import type { ButtonHandler } from "../types";
import {
  clusterOf,
  optionalString,
  violationChoices,
  withCluster,
  withNamespace,
  workloadOption,
} from "./options";

/** Confirm carries the plan and its token; Cancel the cluster (as for /apply and Helm plans). */
const CONFIRM = "pfix-ok";
const CANCEL = "pfix-no";
export const FIX_OUT_OF_DATE = "That button is out of date; run /policy fix again.";

export function fixButtonIds(plan: Pick<FixPlanView, "planId" | "confirmToken" | "clusterId">) {
  return {
    confirm: customId(CONFIRM, packId(plan.planId), plan.confirmToken),
    cancel: customId(CANCEL, packId(plan.clusterId)),
  };
}

export function fixPlanReply(plan: FixPlanView): InteractionEditReplyOptions {
  const ids = fixButtonIds(plan);
  return {
    embeds: [renderFixPlan(plan)],
    components: [confirmRow(ids.confirm, `Fix ${plan.workload}`, ids.cancel)],
  };
}

/**
 * The namespace of the workload when none was given: the one its open
 * violations of that policy are in (asks when there are none or several).
 */
export async function fixNamespace(
  api: ApiClient,
  clusterId: string,
  policy: string,
  workload: string,
): Promise<string> {
  const { violations } = await api.policies.violations.query({ clusterId, policy, workload });
  const namespaces = [...new Set(violations.map((v) => v.namespace).filter(Boolean))];
  const [only] = namespaces;
  if (only && namespaces.length === 1) return only;
  throw new UserError(
    namespaces.length
      ? `${workload} has ${policy} violations in ${namespaces.length} namespaces (${namespaces.slice(0, 10).join(", ")}): say which with namespace:.`
      : `No open ${policy} violation of ${workload} was found; say its namespace with namespace:.`,
  );
}

/** `/policy fix workload: violation: [namespace:] [cluster:]`: policies.planFix → Confirm → policies.fix. */
export const fixSubcommand: ClusterSubcommand = {
  name: "fix",
  description: "Fix a violation on a workload (shows the patch as a diff first; asks to confirm)",
  options: (sub) => {
    sub.addStringOption(workloadOption);
    sub.addStringOption((o) =>
      o
        .setName("violation")
        .setDescription("The policy it breaks (its key or the guide's name, e.g. missing-limits)")
        .setRequired(true)
        .addChoices(...violationChoices),
    );
    return withCluster(withNamespace(sub, "The workload's namespace (default: where its violation is)"));
  },
  async execute({ interaction, api }) {
    const cluster = await clusterOf(api, interaction);
    const workload = interaction.options.getString("workload", true).trim();
    const policy = interaction.options.getString("violation", true);
    const namespace =
      optionalString(interaction, "namespace") ?? (await fixNamespace(api, cluster.id, policy, workload));
    const plan = await api.policies.planFix.mutate({ clusterId: cluster.id, policy, namespace, workload });
    return fixPlanReply(plan);
  },
};

/** Confirm: policies.fix applies exactly the planned patch, as the person who planned it. */
export const fixConfirmButton: ButtonHandler = {
  prefix: CONFIRM,
  async execute({ interaction, api, args }) {
    const result = await api.policies.fix.mutate(confirmedPlan(interaction, args, CANCEL, FIX_OUT_OF_DATE));
    return { embeds: [renderApplyResult(result)], components: [] };
  },
};

export const fixCancelButton: ButtonHandler = {
  prefix: CANCEL,
  async execute({ interaction }) {
    assertAsker(interaction);
    return { embeds: [renderOutcome(CANCELLED, "brand")], components: [] };
  },
};

export const fixButtons: readonly ButtonHandler[] = [fixConfirmButton, fixCancelButton];
