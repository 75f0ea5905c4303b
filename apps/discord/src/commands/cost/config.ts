import type { CostConfigSetInput, CostPrices } from "@clustercord/contracts";
import { renderCostConfig } from "../../render/cost";
import type { ClusterSubcommand } from "../cluster/types";
import { clusterOf, optionalString, withCluster } from "./options";

/** Option name → the contract's price field. */
const PRICE_OPTIONS = {
  cpu_per_core_hour: "cpuPerCoreHour",
  memory_per_gb_hour: "memoryPerGbHour",
  storage_per_gb_month: "storagePerGbMonth",
} as const satisfies Record<string, keyof CostPrices>;

/** Words that remove the OpenCost URL. */
const REMOVE = new Set(["none", "off", "remove"]);

/**
 * `/cost config [cpu_per_core_hour:] [memory_per_gb_hour:] [storage_per_gb_month:] [currency:] [opencost_url:]`:
 * without options cost.config.get (prices, since when, history); with any,
 * cost.config.set (new prices from now on; the cluster owner's admins).
 */
export const configSubcommand: ClusterSubcommand = {
  name: "config",
  description: "Prices per core-hour, GiB-hour and GiB-month (admins change them), and OpenCost",
  options: (sub) =>
    withCluster(
      sub
        .addNumberOption((o) =>
          o
            .setName("cpu_per_core_hour")
            .setDescription("Price of one CPU core for an hour (default 0.05)")
            .setMinValue(0)
            .setMaxValue(1000),
        )
        .addNumberOption((o) =>
          o
            .setName("memory_per_gb_hour")
            .setDescription("Price of one GiB of memory for an hour (default 0.01)")
            .setMinValue(0)
            .setMaxValue(1000),
        )
        .addNumberOption((o) =>
          o
            .setName("storage_per_gb_month")
            .setDescription("Price of one GiB of volume for a month (default 0.10)")
            .setMinValue(0)
            .setMaxValue(100_000),
        )
        .addStringOption((o) =>
          o
            .setName("currency")
            .setDescription("ISO 4217 code, e.g. USD or EUR")
            .setMinLength(3)
            .setMaxLength(3),
        )
        .addStringOption((o) =>
          o
            .setName("opencost_url")
            .setDescription("The cluster's OpenCost/Kubecost API base URL (none removes it)")
            .setMaxLength(2048),
        ),
    ),
  async execute({ interaction, api }) {
    const cluster = await clusterOf(api, interaction);
    const prices: CostConfigSetInput["prices"] = {};
    for (const [option, field] of Object.entries(PRICE_OPTIONS)) {
      const value = interaction.options.getNumber(option);
      if (value !== null) prices[field] = value;
    }
    const currency = optionalString(interaction, "currency");
    if (currency) prices.currency = currency.toUpperCase();
    const url = optionalString(interaction, "opencost_url");
    const changing = Object.keys(prices).length > 0 || url !== undefined;
    if (!changing) {
      const config = await api.cost.config.get.query({ clusterId: cluster.id });
      return { embeds: [renderCostConfig(config, { clusterName: cluster.name, changed: false })] };
    }
    const config = await api.cost.config.set.mutate({
      clusterId: cluster.id,
      ...(Object.keys(prices).length ? { prices } : {}),
      ...(url !== undefined ? { opencostUrl: REMOVE.has(url.toLowerCase()) ? null : url } : {}),
    });
    return { embeds: [renderCostConfig(config, { clusterName: cluster.name, changed: true })] };
  },
};
