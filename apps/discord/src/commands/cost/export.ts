import { renderCostExport } from "../../render/cost";
import type { ClusterSubcommand } from "../cluster/types";
import {
  clusterOf,
  EXPORT_PERIODS,
  type ExportPeriod,
  exportPeriod,
  optionalString,
  withCluster,
  withNamespace,
} from "./options";

/**
 * `/cost export format:csv period:`: cost.export's CSV attached byte for byte
 * (the web's download decodes the same base64, so both give the same file).
 */
export const exportSubcommand: ClusterSubcommand = {
  name: "export",
  description: "CSV of cost per resource per day, for billing",
  options: (sub) =>
    withCluster(
      withNamespace(
        sub
          .addStringOption((o) =>
            o.setName("format").setDescription("File format").addChoices({ name: "csv", value: "csv" }),
          )
          .addStringOption((o) =>
            o
              .setName("period")
              .setDescription("Which days (default monthly: this month so far)")
              .addChoices(...EXPORT_PERIODS.map((p) => ({ name: p, value: p }))),
          )
          .addStringOption((o) =>
            o
              .setName("from")
              .setDescription("First day, YYYY-MM-DD (with to:, instead of period:)")
              .setMinLength(10)
              .setMaxLength(10),
          )
          .addStringOption((o) =>
            o
              .setName("to")
              .setDescription("Last day, YYYY-MM-DD (included)")
              .setMinLength(10)
              .setMaxLength(10),
          ),
        "Only this namespace",
      ),
    ),
  async execute({ interaction, api }) {
    const period = exportPeriod(
      optionalString(interaction, "period") as ExportPeriod | undefined,
      { from: optionalString(interaction, "from"), to: optionalString(interaction, "to") },
      new Date(),
    );
    const cluster = await clusterOf(api, interaction);
    const namespace = optionalString(interaction, "namespace");
    const out = await api.cost.export.query({
      clusterId: cluster.id,
      period,
      format: "csv",
      ...(namespace ? { namespace } : {}),
    });
    const { embed, file } = renderCostExport(out, cluster.name);
    return { embeds: [embed], files: [file] };
  },
};
