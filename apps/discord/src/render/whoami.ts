import type { MeOutput } from "@clustercord/contracts";
import type { APIEmbed } from "discord.js";
import { colors, plain, roleColors } from "./style";

const viaLabel: Record<MeOutput["via"], string> = { web: "Web dashboard", discord: "Discord" };

/** `/whoami`: who ClusterCord thinks you are, where, and with which role. */
export function renderWhoami(me: MeOutput): APIEmbed {
  const fields = [
    { name: "Name", value: plain(me.user.displayName, 256), inline: true },
    { name: "Username", value: plain(`@${me.user.username}`, 256), inline: true },
    { name: "Discord id", value: `\`${me.user.id}\``, inline: true },
    { name: "Server", value: me.guild ? plain(me.guild.name, 256) : "None selected", inline: true },
    { name: "ClusterCord role", value: me.guild ? me.guild.role : "None", inline: true },
    { name: "Via", value: viaLabel[me.via], inline: true },
  ];
  return {
    title: "Who am I",
    color: me.guild ? roleColors[me.guild.role] : colors.brand,
    fields,
    ...(me.user.avatarUrl ? { thumbnail: { url: me.user.avatarUrl } } : {}),
  };
}
