/**
 * @module cohort-router
 * Thin tRPC procedures for cohorts: validate with zod, call one domain function.
 */
import { createTRPCRouter } from "../trpc.ts";

export const cohortRouter = createTRPCRouter({});
