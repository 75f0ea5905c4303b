import type { InteractionEditReplyOptions } from "discord.js";
import { CANCELLED, renderOutcome, renderPlan } from "../../render/plan";
import { renderRestoreOutcome, renderRestorePlan } from "../../render/snapshots";
import { plain } from "../../render/style";
import { UserError } from "../../user-error";
import { namespaceOption } from "../autocomplete";
import type { ButtonHandler } from "../types";
import { argsOnMessage, assertAsker, confirmRow } from "./confirm";
import { customId, packId, unpackId } from "./custom-id";
import { snapshotsApi } from "./snapshot-api";
import { optional, parseNamespaces, withSnapshotId } from "./snapshot-options";
import type { ClusterSubcommand } from "./types";

/**
 * Restore and delete are plan-then-confirm. A custom id holds 100
 * characters: Confirm carries the snapshot id and the plan's token (and for
 * a restore whether newer objects go); the restore's namespace rides on its
 * Cancel button, as the cluster does for Helm. The token is bound to what was
 * planned, so the API refuses a Confirm whose selection differs.
 */
const RESTORE = "snap-rs";
const RESTORE_CANCEL = "snap-rs-no";
const DELETE = "snap-del";
const DELETE_CANCEL = "snap-del-no";
export const OUT_OF_DATE = "That button is out of date; run /cluster snapshot again.";

/** What a restore acts on: the snapshot, optionally one namespace, and whether objects made since go. */
interface Selection {
  id: string;
  namespace?: string | undefined;
  deleteNewer: boolean;
}

const selectionInput = (s: Selection) => ({
  id: s.id,
  ...(s.namespace ? { namespaces: [s.namespace] } : {}),
  deleteNewer: s.deleteNewer,
});

/**
 * `/cluster snapshot restore id: [dry_run:] [namespace:] [delete_newer:]`:
 * snapshots.planRestore (a server-side dry-run as the person, in dependency
 * order). A dry run (the default) only shows it; dry_run: False adds
 * Confirm/Cancel, and Confirm runs snapshots.restore.
 */
export const snapshotRestoreSubcommand: ClusterSubcommand = {
  name: "restore",
  description: "Restore a snapshot's objects; dry run by default (shows the plan), else asks to confirm",
  options: (sub) => {
    withSnapshotId()(sub);
    sub.addBooleanOption((o) =>
      o.setName("dry_run").setDescription("Only show what would change (default: True)"),
    );
    sub.addStringOption((o) =>
      namespaceOption(o, "Only this namespace of the snapshot (default: all of them)", false),
    );
    return sub.addBooleanOption((o) =>
      o
        .setName("delete_newer")
        .setDescription("Also delete objects created since the snapshot (default: False)"),
    );
  },
  async execute({ interaction, api }) {
    const id = interaction.options.getString("id", true).trim();
    const dryRun = interaction.options.getBoolean("dry_run") ?? true;
    const namespace = parseNamespaces(optional(interaction, "namespace"))?.[0];
    const selection: Selection = {
      id,
      namespace,
      deleteNewer: interaction.options.getBoolean("delete_newer") ?? false,
    };
    const plan = await snapshotsApi(api).planRestore(selectionInput(selection));
    const rendered = renderRestorePlan(plan, { id, dryRun });
    if (dryRun) return { ...rendered, components: [] };
    return {
      ...rendered,
      components: [
        confirmRow(
          customId(RESTORE, packId(id), plan.confirmToken, selection.deleteNewer ? "1" : "0"),
          "Restore",
          customId(RESTORE_CANCEL, namespace ?? ""),
        ),
      ],
    };
  },
};

/** Confirm: snapshots.restore exactly as planned, by the person who planned it. */
export const snapshotRestoreConfirmButton: ButtonHandler = {
  prefix: RESTORE,
  async execute({ interaction, api, args }): Promise<InteractionEditReplyOptions> {
    assertAsker(interaction);
    const [packed = "", confirmToken = "", newer = ""] = args;
    const id = unpackId(packed);
    const cancel = argsOnMessage(interaction, RESTORE_CANCEL);
    if (!id || !confirmToken || !cancel || !["0", "1"].includes(newer)) throw new UserError(OUT_OF_DATE);
    const selection: Selection = { id, namespace: cancel[0] || undefined, deleteNewer: newer === "1" };
    const out = await snapshotsApi(api).restore({ ...selectionInput(selection), confirmToken });
    return { embeds: [renderRestoreOutcome(out)], components: [], attachments: [] };
  },
};

/** `/cluster snapshot delete id:`: snapshots.planDelete with Confirm/Cancel (admins). */
export const snapshotDeleteSubcommand: ClusterSubcommand = {
  name: "delete",
  description: "Delete a snapshot and its archive (admins; asks to confirm)",
  options: withSnapshotId(),
  async execute({ interaction, api }) {
    const id = interaction.options.getString("id", true).trim();
    const plan = await snapshotsApi(api).planDelete({ id });
    return {
      embeds: [renderPlan(plan)],
      components: [
        confirmRow(customId(DELETE, packId(id), plan.confirmToken), "Delete snapshot", DELETE_CANCEL),
      ],
    };
  },
};

/** Confirm: snapshots.delete, by the person who planned it. */
export const snapshotDeleteConfirmButton: ButtonHandler = {
  prefix: DELETE,
  async execute({ interaction, api, args }): Promise<InteractionEditReplyOptions> {
    assertAsker(interaction);
    const [packed = "", confirmToken = ""] = args;
    const id = unpackId(packed);
    if (!id || !confirmToken) throw new UserError(OUT_OF_DATE);
    const { message } = await snapshotsApi(api).delete({ id, confirmToken });
    return { embeds: [renderOutcome(plain(message, 1000))], components: [] };
  },
};

/** Cancel under a plan: nothing changes; the buttons and the attached plan go. Only the asker may. */
const cancel = (prefix: string): ButtonHandler => ({
  prefix,
  async execute({ interaction }) {
    assertAsker(interaction);
    return { embeds: [renderOutcome(CANCELLED, "brand")], components: [], attachments: [] };
  },
});

export const snapshotPlanButtons: readonly ButtonHandler[] = [
  snapshotRestoreConfirmButton,
  cancel(RESTORE_CANCEL),
  snapshotDeleteConfirmButton,
  cancel(DELETE_CANCEL),
];
