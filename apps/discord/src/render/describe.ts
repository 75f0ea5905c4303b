import type { PodStatusTone, ResourceDetail } from "@clustercord/contracts";
import type { APIEmbed, APIEmbedField, AttachmentPayload } from "discord.js";
import { code, colors, fitFields, plain } from "./style";

const toneColor: Record<PodStatusTone, number> = {
  ok: colors.ok,
  pending: colors.brand,
  warning: colors.warn,
  error: colors.error,
  done: colors.brand,
};

const EVENTS_SHOWN = 5;
const RELATED_SHOWN = 10;

/** Lines joined until `max` characters, with "…and N more" when some are left out. */
function lines(items: string[], max = 1024): string {
  const kept: string[] = [];
  let size = 0;
  for (const [i, line] of items.entries()) {
    const more = `…and ${items.length - i} more`;
    if (size + line.length + 1 > max - more.length - 1) {
      kept.push(more);
      break;
    }
    kept.push(line);
    size += line.length + 1;
  }
  return kept.join("\n");
}

/**
 * `/describe`: what the web detail page shows of one object: status, its
 * fields, recent events and related objects; the YAML attached as a file.
 */
export function renderDescribe(
  detail: ResourceDetail,
  options: { clusterName: string },
): { embeds: APIEmbed[]; files: AttachmentPayload[] } {
  const { kind, row } = detail;
  const where = row.namespace ? `${row.namespace} on ${options.clusterName}` : options.clusterName;
  const fields: APIEmbedField[] = detail.fields
    .filter((f) => f.label !== "Status")
    .map((f) => ({
      name: plain(f.label, 256),
      value: plain(f.value, 1024) || "—",
      inline: !f.value.includes("\n"),
    }));
  if (detail.events === null) {
    fields.push({ name: "Events", value: "You may not read events here." });
  } else if (detail.events.length) {
    const shown = detail.events
      .slice(0, EVENTS_SHOWN)
      .map(
        (e) =>
          `${e.type === "Warning" ? "⚠️" : "•"} ${plain(e.reason, 60)}: ${plain(e.message, 200)}${e.count > 1 ? ` (×${e.count})` : ""}`,
      );
    fields.push({ name: "Recent events", value: lines(shown) });
  }
  if (detail.related.length) {
    const shown = detail.related
      .slice(0, RELATED_SHOWN)
      .map(
        (r) => `${r.relation} ${r.kind} ${code(r.name, 120)}${r.detail ? ` (${plain(r.detail, 60)})` : ""}`,
      );
    if (detail.related.length > RELATED_SHOWN)
      shown.push(`…and ${detail.related.length - RELATED_SHOWN} more`);
    fields.push({ name: "Related", value: lines(shown) });
  }
  const fitted = fitFields(fields);
  const state = detail.state === "ready" ? "" : " · not live: last known state";
  const name = `${row.name}.yaml`;
  return {
    embeds: [
      {
        title: `${kind.kind} ${plain(row.name, 200)}`.slice(0, 256),
        color: toneColor[row.tone],
        description: `**${plain(row.status, 100)}** · ${plain(where, 200)}`,
        fields: fitted.fields,
        footer: {
          text: `YAML attached as ${name}${fitted.omitted ? ` · ${fitted.omitted} more fields on the web` : ""}${state}`.slice(
            0,
            2048,
          ),
        },
      },
    ],
    files: [{ attachment: Buffer.from(detail.yaml, "utf8"), name }],
  };
}
