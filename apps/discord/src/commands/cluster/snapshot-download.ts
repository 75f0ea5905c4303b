import { fetchBytesCapped } from "../../attachment-text";
import { renderDownloadAttached, renderDownloadLink } from "../../render/snapshots";
import { UserError } from "../../user-error";
import { snapshotsApi } from "./snapshot-api";
import { withSnapshotId } from "./snapshot-options";
import type { ClusterSubcommand } from "./types";

/** What the bot attaches to a message (Discord's limit for bots without boosts is higher; 8 MiB is safe everywhere). */
export const ATTACH_MAX_BYTES = 8 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 60_000;

/**
 * The archive behind a signed download link, or null when it turns out to be
 * over `maxBytes` (reading stops there). Follows no redirect: the link is the
 * API's own route.
 */
export function fetchArchive(
  url: string,
  maxBytes: number,
  timeoutMs = FETCH_TIMEOUT_MS,
): Promise<Buffer | null> {
  return fetchBytesCapped(url, {
    maxBytes,
    timeoutMs,
    unavailable: (why) => new UserError(`Could not fetch the snapshot archive (${why}); try again.`),
  });
}

/**
 * `/cluster snapshot download id:`: snapshots.download's signed link; the
 * archive is attached when Discord takes it, else the short-lived link is
 * given with its expiry (the reply is seen by the person alone).
 */
export const snapshotDownloadSubcommand: ClusterSubcommand = {
  name: "download",
  description: "Download a snapshot as .tar.gz (YAML per namespace/kind + manifest.json; Secrets sealed)",
  options: withSnapshotId(),
  async execute({ interaction, api }) {
    const id = interaction.options.getString("id", true).trim();
    const out = await snapshotsApi(api).download({ id });
    const link = { embeds: [renderDownloadLink(id, out, ATTACH_MAX_BYTES)], components: [] };
    if (out.bytes > ATTACH_MAX_BYTES) return link;
    const archive = await fetchArchive(out.url, ATTACH_MAX_BYTES);
    if (!archive) return link;
    return {
      embeds: [renderDownloadAttached(id, { ...out, bytes: archive.length })],
      files: [{ attachment: archive, name: out.filename }],
      components: [],
    };
  },
};
