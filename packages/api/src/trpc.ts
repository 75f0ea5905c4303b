import { AppError, type Role } from "@clustercord/contracts";
import { initTRPC, TRPCError } from "@trpc/server";
import type { Context, Identity } from "./context";
import { toAppError, trpcCodes } from "./errors";
import { requireRole, resolveActor } from "./services/actor";
import { recordAudit } from "./services/audit";

export { toAppError } from "./errors";

export interface Meta {
  /** What a mutation acts on, for the audit log. Never include secrets. */
  auditTarget?: (input: unknown) => string;
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    // One error path: every failure leaves as { code, appCode, userMessage };
    // internals (messages, stacks) never reach a client.
    errorFormatter({ shape, error }) {
      const app = toAppError(error);
      return {
        code: shape.code,
        message: app.userMessage,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          appCode: app.code,
          userMessage: app.userMessage,
        },
      };
    },
  });

export const createCallerFactory = t.createCallerFactory;
export const router = t.router;

/** Converts AppErrors to tRPC errors with the right HTTP status, once. */
const errorBoundary = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    const app = result.error.cause;
    throw new TRPCError({ code: trpcCodes[app.code], message: app.message, cause: app });
  }
  return result;
});

/** Every mutation by a known caller writes an audit row, whatever its result. */
const auditMutations = t.middleware(async ({ ctx, type, path, meta, getRawInput, next }) => {
  const result = await next();
  if (type === "mutation" && ctx.identity) {
    const input = await getRawInput().catch(() => undefined);
    let target = "";
    try {
      target = meta?.auditTarget?.(input) ?? "";
    } catch {
      target = "(invalid input)";
    }
    await recordAudit(ctx, {
      action: path,
      target,
      result: result.ok ? "ok" : "error",
      detail: result.ok ? null : toAppError(result.error).userMessage,
    });
  }
  return result;
});

export const publicProcedure = t.procedure.use(errorBoundary).use(auditMutations);

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (ctx.rejected) throw ctx.rejected;
  if (!ctx.identity) throw new AppError("UNAUTHORIZED");
  return next({ ctx: { ...ctx, identity: ctx.identity as Identity } });
});

/** Narrows to a member of the caller's active guild: `ctx.actor` (who acts, in which role) and their membership. */
export const guildProcedure = protectedProcedure.use(async ({ ctx, next }) => {
  const { membership, ...actor } = await resolveActor(ctx, ctx.identity);
  return next({ ctx: { ...ctx, membership, actor } });
});

export function roleProcedure(needed: Role) {
  return guildProcedure.use(({ ctx, next }) => {
    requireRole({ ...ctx.actor, membership: ctx.membership }, needed);
    return next();
  });
}
