/**
 * @module trpc
 * The one tRPC setup file: context, error mapping and the procedure builders.
 * Authentication and project authorization live here as middleware, so every
 * procedure built from `protectedProcedure` or `projectProcedure(role)` is
 * checked on the server before its resolver runs.
 */
import type { ProjectRole } from "@myoscope/core/auth/project-role";
import { PROJECT_ROLES } from "@myoscope/core/auth/project-role";
import { type AppErrorCode, isAppError } from "@myoscope/core/errors/app-error";
import { findUserById, type UserDto } from "@myoscope/db/users";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError, z } from "zod";
import type { AppDeps } from "../deps.ts";
import { requireProjectRole } from "../projects/require-project-role.ts";

export interface SessionLike {
  user: { id: string };
}

export interface Context extends AppDeps {
  session: SessionLike | null;
}

/** Builds a context without a request, for route handlers and for tests (`createCaller`). */
export function createContextInner(deps: AppDeps & { session: SessionLike | null }): Context {
  return deps;
}

const TRPC_CODE: Record<AppErrorCode, TRPCError["code"]> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  UNSUPPORTED_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  INTERNAL: "INTERNAL_SERVER_ERROR",
};

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    return {
      ...shape,
      data: {
        ...shape.data,
        zodError: error.cause instanceof ZodError ? z.flattenError(error.cause) : null,
      },
    };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Maps domain errors to tRPC errors; the only place that does. */
const mapAppErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && isAppError(result.error.cause)) {
    const cause = result.error.cause;
    throw new TRPCError({ code: TRPC_CODE[cause.code], message: cause.message, cause });
  }
  return result;
});

export const protectedProcedure = t.procedure.use(mapAppErrors).use(async ({ ctx, next }) => {
  if (!ctx.session) throw new TRPCError({ code: "UNAUTHORIZED", message: "sign in first" });
  const user = await findUserById(ctx.db, ctx.session.user.id);
  if (!user)
    throw new TRPCError({ code: "UNAUTHORIZED", message: "your account no longer exists" });
  return next({ ctx: { ...ctx, user } });
});

export type AuthedContext = Context & { user: UserDto };

/**
 * A procedure whose input carries `projectId`; the caller must be a member of
 * that project with at least `minRole`.
 */
export function projectProcedure(minRole: ProjectRole) {
  return protectedProcedure
    .input(z.object({ projectId: z.string().min(1).max(64) }))
    .use(async ({ ctx, input, next }) => {
      const role = await requireProjectRole(ctx.db, {
        projectId: input.projectId,
        userId: ctx.user.id,
        minRole,
      });
      return next({ ctx: { ...ctx, role } });
    });
}

export const projectRoleSchema = z.enum(PROJECT_ROLES);
