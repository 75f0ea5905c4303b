import type { PolicySeverity } from "@clustercord/contracts";
import { renderAuditPass, renderReport, renderViolations } from "../../render/policies";
import type { ClusterSubcommand } from "../cluster/types";
import {
  clusterOf,
  optionalString,
  withCluster,
  withNamespace,
  withPolicyType,
  withSeverity,
} from "./options";

/** `/policy violations [severity:] [namespace:] [type:] [cluster:]`: policies.violations, most severe first. */
export const violationsSubcommand: ClusterSubcommand = {
  name: "violations",
  description: "Open violations of the enabled policies, most severe first",
  options: (sub) =>
    withCluster(withPolicyType(withNamespace(withSeverity(sub), "Only this namespace"), false)),
  async execute({ interaction, api }) {
    const cluster = await clusterOf(api, interaction);
    const severity = optionalString(interaction, "severity") as PolicySeverity | undefined;
    const namespace = optionalString(interaction, "namespace");
    const policy = optionalString(interaction, "type");
    const out = await api.policies.violations.query({
      clusterId: cluster.id,
      ...(severity ? { severity } : {}),
      ...(namespace ? { namespace } : {}),
      ...(policy ? { policy } : {}),
    });
    return { embeds: [renderViolations(out, { clusterName: cluster.name, severity, namespace })] };
  },
};

/** `/policy audit [cluster:]`: policies.audit, one background-audit pass now. */
export const auditSubcommand: ClusterSubcommand = {
  name: "audit",
  description: "Check every workload against the enabled policies now",
  options: withCluster,
  async execute({ interaction, api }) {
    const cluster = await clusterOf(api, interaction);
    return { embeds: [renderAuditPass(await api.policies.audit.mutate({ clusterId: cluster.id }))] };
  },
};

/** `/policy report format:pdf|json|csv [cluster:]`: policies.report, the file as an attachment. */
export const reportSubcommand: ClusterSubcommand = {
  name: "report",
  description: "The violations as a PDF, PolicyReport JSON or CSV file",
  options: (sub) =>
    withCluster(
      sub.addStringOption((o) =>
        o
          .setName("format")
          .setDescription("pdf (readable on a phone), json (a PolicyReport) or csv")
          .setRequired(true)
          .addChoices(
            { name: "pdf", value: "pdf" },
            { name: "json", value: "json" },
            { name: "csv", value: "csv" },
          ),
      ),
    ),
  async execute({ interaction, api }) {
    const cluster = await clusterOf(api, interaction);
    const format = interaction.options.getString("format", true) as "pdf" | "json" | "csv";
    const out = await api.policies.report.query({ clusterId: cluster.id, format });
    const { embed, file } = renderReport(out, cluster.name);
    return { embeds: [embed], files: [file] };
  },
};
