import { AppError, type AppErrorCode, type Role, roleAtLeast } from "@clustercord/contracts";
import { initTRPC, TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { ZodError } from "zod";
import type { Context, Identity } from "./context";
import { type RateClass, SlowDown } from "./rate-limit";
import { recordAudit } from "./services/audit";
import { resolveMembership } from "./services/membership";

export interface Meta {
  /**
   * What a mutation acts on, for the audit log. Called only with the input as
   * the procedure's schema parsed it (otherwise the target is ""). Never include secrets.
   */
  auditTarget?: (input: unknown) => string;
  /** Which rate limit applies (rate-limit.ts); "default" when unset. */
  rateLimit?: RateClass;
}

const trpcCodes: Record<AppErrorCode, TRPC_ERROR_CODE_KEY> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
  UPSTREAM: "BAD_GATEWAY",
  INTERNAL: "INTERNAL_SERVER_ERROR",
};

/** The AppError behind any error a procedure ended with. */
export function toAppError(error: TRPCError): AppError {
  if (error.cause instanceof AppError) return error.cause;
  if (error.cause instanceof ZodError) {
    const detail = error.cause.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ");
    return new AppError("BAD_REQUEST", { userMessage: `Invalid input: ${detail}`, cause: error.cause });
  }
  const byTrpc = Object.entries(trpcCodes).find(([, t]) => t === error.code)?.[0] as AppErrorCode | undefined;
  if (byTrpc && byTrpc !== "INTERNAL") return new AppError(byTrpc, { message: error.message });
  return new AppError("INTERNAL", { message: error.message, cause: error });
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

export const publicProcedure = t.procedure.use(errorBoundary).use(auditMutations);

export const protectedProcedure = publicProcedure
  .use(({ ctx, next }) => {
    if (ctx.rejected) throw ctx.rejected;
    if (!ctx.identity) throw new AppError("UNAUTHORIZED");
    return next({ ctx: { ...ctx, identity: ctx.identity as Identity } });
  })
  .use(rateLimited);

/** Narrows to a member of the caller's active guild, with their role there. */
export const guildProcedure = protectedProcedure.use(async ({ ctx, next }) => {
  const guildId = ctx.identity.guildId;
  if (!guildId) {
    throw new AppError("BAD_REQUEST", { userMessage: "Pick a Discord server first." });
  }
  const membership = await resolveMembership(ctx, ctx.identity.userId, guildId);
  if (!membership) {
    throw new AppError("FORBIDDEN", { userMessage: "You are not a member of that Discord server." });
  }
  // Who acts, as services take it: cluster calls are impersonated as this person in this role.
  const actor = { userId: ctx.identity.userId, guildId: membership.guild.id, role: membership.role };
  return next({ ctx: { ...ctx, membership, actor } });
});

export function roleProcedure(needed: Role) {
  return guildProcedure.use(({ ctx, next }) => {
    if (!roleAtLeast(ctx.membership.role, needed)) {
      throw new AppError("FORBIDDEN", {
        userMessage: `This needs the ${needed} role in ${ctx.membership.guild.name}; you are ${ctx.membership.role}.`,
      });
    }
    return next();
  });
}
