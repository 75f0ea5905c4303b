import { AppError, type Role } from "@clustercord/contracts";
import { initTRPC, TRPCError } from "@trpc/server";
import type { Context, Identity } from "./context";
import { toAppError, trpcCodes } from "./errors";
import { type RateClass, SlowDown } from "./rate-limit";
import { requireRole, resolveActor } from "./services/actor";
import { recordAudit } from "./services/audit";

export { toAppError } from "./errors";

export interface Meta {
  /**
   * What a mutation acts on, for the audit log. Called only with the input as
   * the procedure's schema parsed it (otherwise the target is ""). Never include secrets.
   */
  auditTarget?: (input: unknown) => string;
  /** Which rate limit applies (rate-limit.ts); "default" when unset. */
  rateLimit?: RateClass;
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

/**
 * Duration of every call and its error code (from the one error mapper),
 * outermost, so the audit and the rate limit are inside what is measured.
 */
const observed = t.middleware(async ({ ctx, path, type, next }) => {
  const started = performance.now();
  const result = await next();
  if (ctx.metrics) {
    ctx.metrics.apiDuration.observe({ procedure: path, type }, (performance.now() - started) / 1000);
    if (!result.ok) ctx.metrics.apiErrors.inc({ procedure: path, code: toAppError(result.error).code });
  }
  return result;
});

/** Converts AppErrors to tRPC errors with the right HTTP status, once. */
const errorBoundary = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    const app = result.error.cause;
    throw new TRPCError({ code: trpcCodes[app.code], message: app.message, cause: app });
  }
  return result;
});

interface SafeParser {
  safeParseAsync(value: unknown): Promise<{ success: boolean; data?: unknown }>;
}
let inputSchemasOf: (path: string) => readonly unknown[] | undefined = () => undefined;

/** Gives the audit each procedure's own input schemas (root.ts calls this once with the app router). */
export function auditInputsFrom(appRouter: { _def: { procedures: object } }) {
  const procedures = appRouter._def.procedures as Record<string, { _def: { inputs: unknown[] } } | undefined>;
  inputSchemasOf = (path) => procedures[path]?._def.inputs;
}

/**
 * The audit target from the input as the procedure's own schema parses it,
 * or "" when it does not parse (or there is no schema): raw, unvalidated input
 * never reaches the audit log, even when the request was refused before its
 * input was looked at (sign-in, role, rate limit).
 */
async function validatedTarget(path: string, meta: Meta | undefined, raw: unknown): Promise<string> {
  const schemas = inputSchemasOf(path);
  if (!meta?.auditTarget || !schemas?.length) return "";
  let input: unknown;
  for (const schema of schemas) {
    if (typeof (schema as Partial<SafeParser>).safeParseAsync !== "function") return "";
    const parsed = await (schema as SafeParser).safeParseAsync(raw);
    if (!parsed.success) return "";
    // Several .input() schemas merge, as tRPC merges them.
    input =
      typeof input === "object" && input && typeof parsed.data === "object" && parsed.data
        ? { ...input, ...parsed.data }
        : parsed.data;
  }
  try {
    return meta.auditTarget(input);
  } catch {
    return "";
  }
}

/**
 * Every mutation by a known caller writes an audit row, whatever its result,
 * with its target computed from validated input only. A flood refused by a
 * rate limit writes one row per bucket emptying, not one per request.
 */
const auditMutations = t.middleware(async ({ ctx, type, path, meta, getRawInput, next }) => {
  const result = await next();
  if (type !== "mutation" || !ctx.identity) return result;
  const failure = result.ok ? null : toAppError(result.error);
  if (failure instanceof SlowDown && !failure.firstRefusal) return result;
  const raw = await getRawInput().catch(() => undefined);
  await recordAudit(ctx, {
    action: path,
    target: await validatedTarget(path, meta, raw),
    result: result.ok ? "ok" : "error",
    detail: failure?.userMessage ?? null,
  });
  return result;
});

/**
 * Token buckets per person and per guild, by the procedure's rate class;
 * before membership is resolved, so a flood costs no Discord or cluster calls.
 */
const rateLimited = t.middleware(({ ctx, meta, next }) => {
  if (ctx.identity) {
    ctx.rateLimiter?.check(
      { userId: ctx.identity.userId, guildId: ctx.identity.guildId },
      meta?.rateLimit ?? "default",
    );
  }
  return next();
});

export const publicProcedure = t.procedure.use(observed).use(errorBoundary).use(auditMutations);

export const protectedProcedure = publicProcedure
  .use(({ ctx, next }) => {
    if (ctx.rejected) throw ctx.rejected;
    if (!ctx.identity) throw new AppError("UNAUTHORIZED");
    return next({ ctx: { ...ctx, identity: ctx.identity as Identity } });
  })
  .use(rateLimited);

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
