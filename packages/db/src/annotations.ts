/**
 * @module annotations
 * Annotation rows of a section. Deletes are tombstones (`deletedAt`) so that
 * pollers see them and an undo can restore them; every change increments
 * `version`, and an edit names the version it started from (optimistic
 * concurrency: a stale edit changes nothing and reports the current row).
 */
import type { AnnotationKind } from "@myoscope/core/annotations/annotation-classes";
import type { PolygonBounds } from "@myoscope/core/annotations/measure-polygon";
import type { PolygonGeometry } from "@myoscope/core/annotations/polygon-geometry";
import type { Prisma } from "@prisma/client";
import type { DbOrTx } from "./client.ts";

export const annotationSelect = {
  id: true,
  sectionId: true,
  kind: true,
  label: true,
  shape: true,
  geometry: true,
  minX: true,
  minY: true,
  maxX: true,
  maxY: true,
  version: true,
  sourceRunId: true,
  sourceLabel: true,
  updatedById: true,
  createdAt: true,
  updatedAt: true,
  deletedAt: true,
  author: { select: { id: true, name: true } },
} satisfies Prisma.AnnotationSelect;

type AnnotationRow = Prisma.AnnotationGetPayload<{ select: typeof annotationSelect }>;
export type AnnotationDto = Omit<AnnotationRow, "geometry"> & { geometry: PolygonGeometry };

function toAnnotationDto(row: AnnotationRow): AnnotationDto {
  // Geometry is validated before every write, so the stored JSON is a polygon.
  return { ...row, geometry: row.geometry as unknown as PolygonGeometry };
}

export interface AnnotationInput {
  kind: AnnotationKind;
  label: string;
  shape: string;
  geometry: PolygonGeometry;
  bounds: PolygonBounds;
  sourceRunId?: string | null;
  sourceLabel?: number | null;
}

function toData(input: AnnotationInput) {
  return {
    kind: input.kind,
    label: input.label,
    shape: input.shape,
    geometry: input.geometry as unknown as Prisma.InputJsonObject,
    ...input.bounds,
    sourceRunId: input.sourceRunId ?? null,
    sourceLabel: input.sourceLabel ?? null,
  };
}

/**
 * The section's annotations, oldest first. Without `since`, the live ones;
 * with `since`, every row changed at or after it, tombstones included, which
 * is what a poller needs to apply edits and deletions.
 */
export async function listAnnotations(
  db: DbOrTx,
  input: { projectId: string; sectionId: string; kinds?: AnnotationKind[]; since?: Date },
): Promise<AnnotationDto[]> {
  const rows = await db.annotation.findMany({
    where: {
      projectId: input.projectId,
      sectionId: input.sectionId,
      ...(input.kinds ? { kind: { in: input.kinds } } : {}),
      ...(input.since ? { updatedAt: { gte: input.since } } : { deletedAt: null }),
    },
    orderBy: [{ updatedAt: "asc" }, { id: "asc" }],
    select: annotationSelect,
  });
  return rows.map(toAnnotationDto);
}

/** One annotation of the project, tombstoned or not. */
export async function findAnnotation(
  db: DbOrTx,
  input: { projectId: string; annotationId: string },
): Promise<AnnotationDto | null> {
  const row = await db.annotation.findFirst({
    where: { id: input.annotationId, projectId: input.projectId },
    select: annotationSelect,
  });
  return row ? toAnnotationDto(row) : null;
}

/** Live annotations of the project with these ids (any section), in the order asked. */
export async function findLiveAnnotations(
  db: DbOrTx,
  input: { projectId: string; annotationIds: string[] },
): Promise<AnnotationDto[]> {
  const rows = await db.annotation.findMany({
    where: { id: { in: input.annotationIds }, projectId: input.projectId, deletedAt: null },
    select: annotationSelect,
  });
  const byId = new Map(rows.map((row) => [row.id, toAnnotationDto(row)]));
  return input.annotationIds.flatMap((id) => byId.get(id) ?? []);
}

export async function insertAnnotation(
  db: DbOrTx,
  input: AnnotationInput & { projectId: string; sectionId: string; authorId: string },
): Promise<AnnotationDto> {
  const { projectId, sectionId, authorId, ...rest } = input;
  const row = await db.annotation.create({
    data: { ...toData(rest), projectId, sectionId, authorId },
    select: annotationSelect,
  });
  return toAnnotationDto(row);
}

/** Inserts many annotations of one section (use inside a transaction); returns how many. */
export async function insertAnnotations(
  tx: DbOrTx,
  input: { projectId: string; sectionId: string; authorId: string; rows: AnnotationInput[] },
): Promise<number> {
  const { projectId, sectionId, authorId } = input;
  const { count } = await tx.annotation.createMany({
    data: input.rows.map((row) => ({ ...toData(row), projectId, sectionId, authorId })),
  });
  return count;
}

export type AnnotationWriteResult =
  | { status: "ok"; annotation: AnnotationDto }
  | { status: "not_found" }
  | { status: "conflict"; current: AnnotationDto };

async function explainMiss(
  db: DbOrTx,
  input: { projectId: string; annotationId: string },
): Promise<AnnotationWriteResult> {
  const current = await findAnnotation(db, input);
  return current ? { status: "conflict", current } : { status: "not_found" };
}

/**
 * Applies `changes` if the row is at `version` and in the wanted deletion state;
 * increments the version. Compare-and-set in one UPDATE, so two editors of the
 * same version cannot both win.
 */
async function changeAnnotation(
  db: DbOrTx,
  input: { projectId: string; annotationId: string; version: number; userId: string },
  isDeleted: boolean,
  changes: Prisma.AnnotationUpdateManyMutationInput,
): Promise<AnnotationWriteResult> {
  const { count } = await db.annotation.updateMany({
    where: {
      id: input.annotationId,
      projectId: input.projectId,
      version: input.version,
      deletedAt: isDeleted ? { not: null } : null,
    },
    data: { ...changes, updatedById: input.userId, version: { increment: 1 } },
  });
  if (count === 0) return explainMiss(db, input);
  const annotation = await findAnnotation(db, input);
  return annotation ? { status: "ok", annotation } : { status: "not_found" };
}

export function updateAnnotation(
  db: DbOrTx,
  input: {
    projectId: string;
    annotationId: string;
    version: number;
    userId: string;
    changes: Partial<Omit<AnnotationInput, "sourceRunId" | "sourceLabel">>;
  },
): Promise<AnnotationWriteResult> {
  const { geometry, bounds, ...rest } = input.changes;
  return changeAnnotation(db, input, false, {
    ...rest,
    ...(geometry ? { geometry: geometry as unknown as Prisma.InputJsonObject } : {}),
    ...(bounds ?? {}),
  });
}

/** Tombstones the annotation (it stays for pollers and for undo). */
export function softDeleteAnnotation(
  db: DbOrTx,
  input: { projectId: string; annotationId: string; version: number; userId: string },
): Promise<AnnotationWriteResult> {
  return changeAnnotation(db, input, false, { deletedAt: new Date() });
}

/** Undoes a delete. */
export function restoreAnnotation(
  db: DbOrTx,
  input: { projectId: string; annotationId: string; version: number; userId: string },
): Promise<AnnotationWriteResult> {
  return changeAnnotation(db, input, true, { deletedAt: null });
}

/** Tombstones many live annotations of a project at once (merge/split replace their inputs). */
export async function softDeleteAnnotations(
  tx: DbOrTx,
  input: { projectId: string; annotationIds: string[]; userId: string },
): Promise<number> {
  const { count } = await tx.annotation.updateMany({
    where: { id: { in: input.annotationIds }, projectId: input.projectId, deletedAt: null },
    data: { deletedAt: new Date(), updatedById: input.userId, version: { increment: 1 } },
  });
  return count;
}

/** Labels of a run already copied into live fiber annotations of the section. */
export async function listAcceptedFiberLabels(
  tx: DbOrTx,
  input: { projectId: string; sectionId: string; runId: string },
): Promise<Set<number>> {
  const rows = await tx.annotation.findMany({
    where: {
      projectId: input.projectId,
      sectionId: input.sectionId,
      sourceRunId: input.runId,
      kind: "fiber",
      deletedAt: null,
    },
    select: { sourceLabel: true },
  });
  return new Set(rows.flatMap((row) => (row.sourceLabel === null ? [] : [row.sourceLabel])));
}

/** Serialises writers of one section's annotations until the transaction ends. */
export async function lockSectionAnnotations(tx: DbOrTx, sectionId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`annotations:${sectionId}`}))`;
}

export interface AnnotationAuthorDto {
  id: string;
  name: string;
  count: number;
}

/** Who annotated the section (live annotations), with how many each. */
export async function listAnnotationAuthors(
  db: DbOrTx,
  input: { projectId: string; sectionId: string },
): Promise<AnnotationAuthorDto[]> {
  const groups = await db.annotation.groupBy({
    by: ["authorId"],
    where: { projectId: input.projectId, sectionId: input.sectionId, deletedAt: null },
    _count: { _all: true },
  });
  if (groups.length === 0) return [];
  const users = await db.user.findMany({
    where: { id: { in: groups.map((g) => g.authorId) } },
    select: { id: true, name: true },
  });
  const names = new Map(users.map((u) => [u.id, u.name]));
  return groups
    .map((g) => ({ id: g.authorId, name: names.get(g.authorId) ?? "", count: g._count._all }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** A run's fiber labels with their stored outer contours (null where none was stored). */
export async function listFiberContoursOfRun(
  db: DbOrTx,
  input: { projectId: string; runId: string },
): Promise<{ label: number; contour: Uint8Array | null }[]> {
  return db.fiber.findMany({
    where: { runId: input.runId, projectId: input.projectId },
    orderBy: { label: "asc" },
    select: { label: true, contour: true },
  });
}
