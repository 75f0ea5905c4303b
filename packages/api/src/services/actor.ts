import { AppError, type Role, roleAtLeast } from "@clustercord/contracts";
import type { ApiDeps, Identity } from "../context";
import { type Membership, resolveMembership } from "./membership";

/** Who acts, as services take it: cluster calls are impersonated as this person in this role. */
export interface Actor {
  userId: string;
  guildId: string;
  role: Role;
}

export interface ResolvedActor extends Actor {
  membership: Membership;
}

/** How long a fresh check may reuse Discord's answer (many sockets re-checking at once share one read). */
const FRESH_MAX_AGE_MS = 1_000;

/**
 * The one actor check: a known caller, their active guild, and their
 * membership and ClusterCord role there (from Discord and the guild's role
 * mappings). Used by the tRPC procedure kinds, me.get and every socket
 * handler. `fresh` reads Discord anew (at most FRESH_MAX_AGE_MS old) instead
 * of the directory's cache: checks on open streams use it, so a demotion in
 * Discord ends them within seconds.
 */
/** The one refusal for a person outside the guild they act in (or one without the bot). */
export const notAMember = () =>
  new AppError("FORBIDDEN", { userMessage: "You are not a member of that Discord server." });

export async function resolveActor(
  deps: ApiDeps,
  identity: Identity | null,
  options: { fresh?: boolean } = {},
): Promise<ResolvedActor> {
  if (!identity) throw new AppError("UNAUTHORIZED");
  const guildId = identity.guildId;
  if (!guildId) throw new AppError("BAD_REQUEST", { userMessage: "Pick a Discord server first." });
  const membership = await resolveMembership(
    deps,
    identity.userId,
    guildId,
    options.fresh ? { maxAgeMs: FRESH_MAX_AGE_MS } : {},
  );
  if (!membership) throw notAMember();
  return { userId: identity.userId, guildId: membership.guild.id, role: membership.role, membership };
}

/** Refuses an actor below `needed`, naming the role they have. */
export function requireRole(actor: ResolvedActor, needed: Role): void {
  if (!roleAtLeast(actor.role, needed)) {
    throw new AppError("FORBIDDEN", {
      userMessage: `This needs the ${needed} role in ${actor.membership.guild.name}; you are ${actor.role}.`,
    });
  }
}
