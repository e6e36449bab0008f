/** Re-exports of generated types that other packages may name. */

export type {
  JobStatus,
  Preparation,
  ProjectRole,
  SectionStatus,
} from "@prisma/client";
export { Prisma } from "@prisma/client";
