/**
 * @module annotations/find-annotatable-section
 * The section an annotation belongs to, with the size its geometry is checked against.
 */
import { AppError } from "@myoscope/core/errors/app-error";
import type { DbOrTx } from "@myoscope/db/client";
import { findSection } from "@myoscope/db/sections";

export interface AnnotatableSection {
  id: string;
  width: number;
  height: number;
  pixelSizeUm: number;
}

/** Throws NOT_FOUND unless the section belongs to the project. */
export async function requireSectionOfProject(
  db: DbOrTx,
  input: { projectId: string; sectionId: string },
): Promise<void> {
  if (!(await findSection(db, input))) throw new AppError("NOT_FOUND", "section not found");
}

/** The section with its size; BAD_REQUEST while its size is unknown. */
export async function findAnnotatableSection(
  db: DbOrTx,
  input: { projectId: string; sectionId: string },
): Promise<AnnotatableSection> {
  const section = await findSection(db, input);
  if (!section) throw new AppError("NOT_FOUND", "section not found");
  if (!section.width || !section.height) {
    throw new AppError("BAD_REQUEST", "the section's image is not processed yet (no size known)");
  }
  return {
    id: section.id,
    width: section.width,
    height: section.height,
    pixelSizeUm: section.pixelSizeUm,
  };
}
