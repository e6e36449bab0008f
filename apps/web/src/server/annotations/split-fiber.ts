/**
 * @module annotations/split-fiber
 * Cuts a fiber annotation along a drawn line into its two largest pieces; the
 * original is tombstoned (at the version the user saw) in the same transaction.
 */
import { splitFiberPolygon } from "@myoscope/core/annotations/edit-fiber-polygons";
import { measurePolygonBounds } from "@myoscope/core/annotations/measure-polygon";
import { AppError } from "@myoscope/core/errors/app-error";
import {
  type AnnotationDto,
  findAnnotation,
  insertAnnotation,
  softDeleteAnnotation,
} from "@myoscope/db/annotations";
import { withTransaction } from "@myoscope/db/client";
import type { AppDeps } from "../deps.ts";
import { resolveAnnotationWrite } from "./resolve-annotation-write.ts";

export async function splitFiber(
  deps: Pick<AppDeps, "db">,
  input: {
    projectId: string;
    annotationId: string;
    version: number;
    line: [number, number][];
    userId: string;
  },
): Promise<{ annotations: AnnotationDto[]; deletedId: string }> {
  const fiber = await findAnnotation(deps.db, input);
  if (!fiber || fiber.deletedAt) throw new AppError("NOT_FOUND", "annotation not found");
  if (fiber.kind !== "fiber") throw new AppError("BAD_REQUEST", "only a fiber can be split");
  const pieces = splitFiberPolygon(fiber.geometry, input.line);
  return withTransaction(deps.db, async (tx) => {
    resolveAnnotationWrite(await softDeleteAnnotation(tx, input), input);
    const annotations: AnnotationDto[] = [];
    for (const geometry of pieces) {
      annotations.push(
        await insertAnnotation(tx, {
          projectId: input.projectId,
          sectionId: fiber.sectionId,
          authorId: input.userId,
          kind: "fiber",
          label: "",
          shape: "split",
          geometry,
          bounds: measurePolygonBounds(geometry),
        }),
      );
    }
    return { annotations, deletedId: fiber.id };
  });
}
