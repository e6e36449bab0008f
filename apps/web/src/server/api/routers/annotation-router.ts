/**
 * @module annotation-router
 * Thin tRPC procedures for annotations: validate with zod, call one domain function.
 */
import { createTRPCRouter } from "../trpc.ts";

export const annotationRouter = createTRPCRouter({});
