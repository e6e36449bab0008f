/**
 * @module survey-router
 * Thin tRPC procedures for surveys: validate with zod, call one domain function.
 */
import { createTRPCRouter } from "../trpc.ts";

export const surveyRouter = createTRPCRouter({});
