import type { NotificationSeverity } from "@clustercord/contracts";

/** Discord's limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const discordLimits = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFooter: 2048,
  embedTotal: 6000,
  /** A message's nonce: at most 25 characters. */
  nonce: 25,
} as const;

const severityColors: Record<NotificationSeverity, number> = {
  info: 0x326ce5,
  warning: 0xbf8700,
  critical: 0xd1242f,
};

/** Shown when the body did not fit: the whole text is attached. */
const PREVIEW_CHARS = 1_500;
export const FULL_TEXT_FILE = "notification.txt";

export interface DiscordNotification {
  title: string;
  body: string;
  severity: NotificationSeverity;
  link: string | null;
  /** An alert's key (`alert:<eventId>:<guildId>:…`, see alertIdempotencyKey) gets Diagnose and Mute buttons. */
  idempotencyKey?: string;
}

/** Discord message components: one action row of buttons. */
export interface DiscordButtonRow {
  type: 1;
  components: { type: 2; style: 1 | 2; label: string; custom_id: string }[];
}

/**
 * The notify idempotency key of an alert message that carries buttons: the AlertEvent id and its
 * server first, so the Discord message can offer Diagnose and Mute (custom ids
 * `alert:diagnose:<id>:<guildId>`, `alert:mute:<id>:<guildId>`): a click in a DM names no server.
 */
export const alertIdempotencyKey = (eventId: string, guildId: string | null, deliveryKey: string) =>
  `alert:${eventId}:${guildId ?? "-"}:${deliveryKey}`;

/** The buttons of an alert message, or none for any other notification. */
export function alertComponents(idempotencyKey: string | undefined): DiscordButtonRow[] {
  const match = /^alert:([A-Za-z0-9_-]{1,64}):(\d{17,20}|-):/.exec(idempotencyKey ?? "");
  if (!match) return [];
  const ids = match[2] === "-" ? match[1] : `${match[1]}:${match[2]}`;
  return [
    {
      type: 1,
      components: [
        { type: 2, style: 1, label: "Diagnose", custom_id: `alert:diagnose:${ids}` },
        { type: 2, style: 2, label: "Mute", custom_id: `alert:mute:${ids}` },
      ],
    },
  ];
}

/** The body of POST /channels/:id/messages, plus files to attach (multipart) when the text is long. */
export interface DiscordMessage {
  body: {
    embeds: {
      title: string;
      description?: string;
      url?: string;
      color: number;
      footer: { text: string };
      timestamp: string;
    }[];
    /** Nobody is pinged, whatever the text says (@everyone, <@id>, roles). */
    allowed_mentions: { parse: [] };
    /** Buttons (alerts only). */
    components?: DiscordButtonRow[];
    /** With enforce_nonce, Discord drops a second message with the same nonce sent shortly after. */
    nonce?: string;
    enforce_nonce?: boolean;
  };
  files: { name: string; data: Buffer; contentType: string }[];
}

const cut = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** An absolute https link for Discord: paths are made absolute on the public URL; anything else is left out. */
export function absoluteLink(link: string | null, publicUrl: string): string | undefined {
  if (!link) return undefined;
  const url = link.startsWith("/") ? new URL(link, publicUrl) : URL.canParse(link) ? new URL(link) : null;
  return url && (url.protocol === "https:" || url.protocol === "http:") ? url.toString() : undefined;
}

/**
 * A notification as one Discord message: an embed coloured by severity,
 * pinging nobody. A body over the embed's limit is previewed and attached
 * whole as a text file, so nothing is lost and no limit is broken.
 */
export function discordMessageFor(
  notification: DiscordNotification,
  options: { publicUrl: string; nonce?: string; at?: Date },
): DiscordMessage {
  const title = cut(notification.title, discordLimits.embedTitle);
  const fits = notification.body.length <= discordLimits.embedDescription;
  const description = fits
    ? notification.body
    : `${notification.body.slice(0, PREVIEW_CHARS)}…\n\n(The full text is attached as ${FULL_TEXT_FILE}.)`;
  const url = absoluteLink(notification.link, options.publicUrl);
  const footer = cut(`ClusterCord · ${notification.severity}`, discordLimits.embedFooter);
  const embed = {
    title,
    ...(description ? { description } : {}),
    ...(url ? { url } : {}),
    color: severityColors[notification.severity],
    footer: { text: footer },
    timestamp: (options.at ?? new Date()).toISOString(),
  };
  const files = fits
    ? []
    : [
        {
          name: FULL_TEXT_FILE,
          data: Buffer.from(`${notification.title}\n\n${notification.body}\n${url ? `\n${url}\n` : ""}`),
          contentType: "text/plain; charset=utf-8",
        },
      ];
  const components = alertComponents(notification.idempotencyKey);
  return {
    body: {
      embeds: [embed],
      allowed_mentions: { parse: [] },
      ...(components.length ? { components } : {}),
      ...(options.nonce ? { nonce: options.nonce.slice(0, discordLimits.nonce), enforce_nonce: true } : {}),
    },
    files,
  };
}
