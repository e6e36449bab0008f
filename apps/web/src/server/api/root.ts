/**
 * @module root
 * The application router: only maps names to domain routers.
 */
import { annotationRouter } from "./routers/annotation-router.ts";
import { cohortRouter } from "./routers/cohort-router.ts";
import { jobRouter } from "./routers/job-router.ts";
import { memberRouter } from "./routers/member-router.ts";
import { projectRouter } from "./routers/project-router.ts";
import { sectionRouter } from "./routers/section-router.ts";
import { segmentationRouter } from "./routers/segmentation-router.ts";
import { subjectRouter } from "./routers/subject-router.ts";
import { surveyRouter } from "./routers/survey-router.ts";
import { synthesisRouter } from "./routers/synthesis-router.ts";
import { userRouter } from "./routers/user-router.ts";
import { createCallerFactory, createTRPCRouter } from "./trpc.ts";

export const appRouter = createTRPCRouter({
  user: userRouter,
  project: projectRouter,
  member: memberRouter,
  subject: subjectRouter,
  section: sectionRouter,
  job: jobRouter,
  synthesis: synthesisRouter,
  segmentation: segmentationRouter,
  annotation: annotationRouter,
  survey: surveyRouter,
  cohort: cohortRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
