import type { InteractionEditReplyOptions } from "discord.js";

/** How often the API is asked how a background operation is doing. */
export const POLL_MS = 2_000;
/** The least time between two edits of one message (Discord's and the stand-in's rate limits). */
export const EDIT_MIN_MS = 3_000;
/** An interaction token lasts 15 minutes; stop following a little before. */
export const FOLLOW_MAX_MS = 14 * 60_000;

/** Whether a changed rendering should be sent now: at most one edit per EDIT_MIN_MS. */
export const shouldEdit = (lastEditAt: number, now: number, changed: boolean, minMs = EDIT_MIN_MS) =>
  changed && now - lastEditAt >= minMs;

export interface FollowOptions<T> {
  /** The state as it is now (one API call). */
  poll(): Promise<T>;
  done(state: T): boolean;
  render(state: T): InteractionEditReplyOptions;
  /** Edits the message (the interaction's @original). */
  edit(reply: InteractionEditReplyOptions): Promise<unknown>;
  /** The last reply when following gives up before the end (the token would expire). */
  givenUp(state: T): InteractionEditReplyOptions;
  pollMs?: number;
  editMinMs?: number;
  maxMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Follows a background operation from its first state until it is done,
 * editing the message with what changed (throttled), and returns the final
 * reply for the caller to send. A failed poll or edit is retried on the next
 * round; the operation itself runs on in the API either way.
 */
export async function follow<T>(first: T, o: FollowOptions<T>): Promise<InteractionEditReplyOptions> {
  const started = Date.now();
  let state = first;
  let lastSent = JSON.stringify(o.render(state));
  let lastEditAt = Date.now();
  while (!o.done(state)) {
    if (Date.now() - started > (o.maxMs ?? FOLLOW_MAX_MS)) return o.givenUp(state);
    await sleep(o.pollMs ?? POLL_MS);
    try {
      state = await o.poll();
    } catch {
      continue;
    }
    if (o.done(state)) break;
    const reply = o.render(state);
    const text = JSON.stringify(reply);
    const now = Date.now();
    if (shouldEdit(lastEditAt, now, text !== lastSent, o.editMinMs)) {
      lastEditAt = now;
      lastSent = text;
      await o.edit(reply).catch(() => {});
    }
  }
  return o.render(state);
}
