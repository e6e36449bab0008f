/** Re-exports of generated types that other packages may name. */

export type {
  JobStatus,
  Preparation,
  ProjectRole,
  SectionStatus,
} from "./generated/prisma/index.js";
export { Prisma } from "./generated/prisma/index.js";
