import type {
  CanaryStatus,
  RolloutsCanaryRef,
  RolloutsStatusOutput,
  RolloutTarget,
} from "@clustercord/contracts";
import type { InteractionEditReplyOptions } from "discord.js";
import { canaryEnded, renderCanary, renderStatus, watchEnding } from "../render/rollouts";
import type { RolloutsApi } from "./deploy-api";
import { follow } from "./helm/follow";

/** The guide's cadence: the reply is edited every 5 s while the rollout moves. */
export const WATCH_POLL_MS = 5_000;
/** Then it says how it stands (an interaction token lasts 15 minutes). */
export const WATCH_MAX_MS = 10 * 60_000;
const WATCHING = "Updates every 5 s";
const NO_MENTIONS = { parse: [] as [] };

type Edit = (reply: InteractionEditReplyOptions) => Promise<unknown>;

/** Edits of the interaction's message, never pinging anyone named in API text. */
export const editorOf =
  (interaction: { editReply(reply: InteractionEditReplyOptions): Promise<unknown> }): Edit =>
  (reply) =>
    interaction.editReply({ ...reply, allowedMentions: NO_MENTIONS });

const statusReply = (embed: ReturnType<typeof renderStatus>): InteractionEditReplyOptions => ({
  embeds: [embed],
  components: [],
});

/**
 * Follows a rollout from `first` (rollouts.status, or an action's status)
 * until it is complete, failed or paused, editing the message every 5 s when
 * it changed; returns the last reply, which says how it ended ("Rollout
 * complete in 42 s") or that watching stopped after 10 minutes.
 * `headline` (an action's message) stays on top throughout.
 */
export async function watchRollout(
  edit: Edit,
  rollouts: RolloutsApi,
  target: RolloutTarget,
  first: RolloutsStatusOutput,
  options: { headline?: string; pollMs?: number; maxMs?: number; moving?: boolean } = {},
): Promise<InteractionEditReplyOptions> {
  const { headline } = options;
  const maxMs = options.maxMs ?? WATCH_MAX_MS;
  const pollMs = options.pollMs ?? WATCH_POLL_MS;
  const started = Date.now();
  let last = first;
  // An action that sets the rollout moving answers before the controller has seen the change.
  if (options.moving && last.phase !== "progressing") last = await settle(rollouts, target, last);
  if (last.phase !== "progressing") return statusReply(renderStatus(last, { headline }));
  const render = (s: RolloutsStatusOutput) => statusReply(renderStatus(s, { headline, note: WATCHING }));
  const ended = (s: RolloutsStatusOutput, timedOut: boolean) => {
    const ending = watchEnding(s, { elapsedMs: Date.now() - started, timedOut, maxMs });
    return statusReply(renderStatus(s, { headline: headline ? `${headline}\n${ending}` : ending }));
  };
  await edit(render(last)).catch(() => {});
  await follow(last, {
    poll: async () => {
      last = await rollouts.status(target);
      return last;
    },
    done: (s) => s.phase !== "progressing",
    render,
    edit,
    givenUp: (s) => ended(s, true),
    pollMs,
    editMinMs: pollMs,
    maxMs,
  });
  return ended(last, last.phase === "progressing");
}

/** How long an action's status may take to show the rollout it started. */
const SETTLE_MS = 3_000;
const SETTLE_POLL_MS = 500;

/** The status once it shows the rollout moving, or as it is after SETTLE_MS. */
async function settle(
  rollouts: RolloutsApi,
  target: RolloutTarget,
  first: RolloutsStatusOutput,
): Promise<RolloutsStatusOutput> {
  const deadline = Date.now() + SETTLE_MS;
  let last = first;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS));
    last = await rollouts.status(target).catch(() => last);
    if (last.phase === "progressing") break;
  }
  return last;
}

/**
 * Follows a canary until it is promoted, rolled back or aborted (the reason
 * shown as the API gives it) or 10 minutes pass, editing every 5 s.
 * `components` (Promote/Abort) stay while it runs.
 */
export async function watchCanary(
  edit: Edit,
  rollouts: RolloutsApi,
  ref: RolloutsCanaryRef,
  first: CanaryStatus,
  components: (c: CanaryStatus) => InteractionEditReplyOptions["components"],
  options: { headline?: string; pollMs?: number; maxMs?: number } = {},
): Promise<InteractionEditReplyOptions> {
  const pollMs = options.pollMs ?? WATCH_POLL_MS;
  const maxMs = options.maxMs ?? WATCH_MAX_MS;
  const render = (c: CanaryStatus): InteractionEditReplyOptions => ({
    embeds: [renderCanary(c, options.headline)],
    components: canaryEnded(c) ? [] : components(c),
  });
  if (canaryEnded(first)) return render(first);
  await edit(render(first)).catch(() => {});
  let last = first;
  await follow(first, {
    poll: async () => {
      const { canary } = await rollouts.canaryStatus(ref);
      // The latest canary of the Deployment; another one started since means this one ended.
      if (canary && canary.id === first.id) last = canary;
      return last;
    },
    done: canaryEnded,
    render,
    edit,
    givenUp: (c) => render(c),
    pollMs,
    editMinMs: pollMs,
    maxMs,
  });
  if (canaryEnded(last)) return render(last);
  const minutes = Math.round(maxMs / 60_000);
  return {
    embeds: [
      renderCanary(
        last,
        `Stopped watching after ${minutes} minutes; the canary is still ${last.phase}. See it with /deploy canary-status.`,
      ),
    ],
    components: components(last),
  };
}
