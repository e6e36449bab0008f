import { AppError } from "@myoscope/core/errors/app-error";
import { validatePixelSize } from "@myoscope/core/sections/validate-pixel-size";
import type { Db } from "@myoscope/db/client";
import {
  type SectionDto,
  type SectionMetadataInput,
  updateSectionMetadata,
} from "@myoscope/db/sections";
import { findSubject } from "@myoscope/db/subjects";

export async function editSection(
  db: Db,
  input: {
    projectId: string;
    sectionId: string;
    patch: Partial<SectionMetadataInput> & { subjectId?: string };
  },
): Promise<SectionDto> {
  if (input.patch.pixelSizeUm !== undefined) {
    try {
      validatePixelSize(input.patch.pixelSizeUm);
    } catch (error) {
      throw new AppError("BAD_REQUEST", (error as Error).message);
    }
  }
  if (input.patch.subjectId) {
    const subject = await findSubject(db, {
      projectId: input.projectId,
      subjectId: input.patch.subjectId,
    });
    if (!subject) throw new AppError("NOT_FOUND", "subject not found");
  }
  const section = await updateSectionMetadata(db, input);
  if (!section) throw new AppError("NOT_FOUND", "section not found");
  return section;
}
