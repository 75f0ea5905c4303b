import { AppError } from "@clustercord/contracts";
import { type ApiDeps, identify } from "../context";
import { type ResolvedActor, resolveActor } from "../services/actor";
import type { WebIdentity } from "../services/stream-access";
import type { ApiSocket } from "./socket";

/** The browser session behind a socket, read from its own handshake cookie (never from an event). */
export async function socketIdentity(deps: ApiDeps, socket: ApiSocket): Promise<WebIdentity> {
  const { identity } = await identify(deps, socket.request);
  if (identity?.via !== "web") throw new AppError("UNAUTHORIZED");
  return identity;
}

/** The actor behind a socket: the one actor check (resolveActor) on the socket's session. */
export async function socketActor(
  deps: ApiDeps,
  socket: ApiSocket,
  options: { fresh?: boolean } = {},
): Promise<ResolvedActor> {
  return resolveActor(deps, await socketIdentity(deps, socket), options);
}
