/**
 * @module annotations/render-fiber-labels
 * The section's fiber annotations as a 16-bit instance label PNG at the
 * section's size (ground truth for evaluation and "U-Net_real" export):
 * fibers numbered 1, 2, … in creation order.
 */
import { rasterizePolygons } from "@myoscope/core/annotations/rasterize-polygons";
import { AppError } from "@myoscope/core/errors/app-error";
import { listAnnotations } from "@myoscope/db/annotations";
import type { AppDeps } from "../deps.ts";
import { encodeLabelPng } from "./encode-label-png.ts";
import { findAnnotatableSection } from "./find-annotatable-section.ts";

/** Largest label image rendered in one piece (2 bytes a pixel). */
const MAX_PIXELS = 400_000_000;

export async function renderFiberLabelsPng(
  deps: Pick<AppDeps, "db">,
  input: { projectId: string; sectionId: string },
): Promise<Buffer> {
  const section = await findAnnotatableSection(deps.db, input);
  if (section.width * section.height > MAX_PIXELS) {
    throw new AppError(
      "PAYLOAD_TOO_LARGE",
      `the section (${section.width}×${section.height} px) is too large for one label image`,
    );
  }
  const fibers = (await listAnnotations(deps.db, { ...input, kinds: ["fiber"] })).sort(
    (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id),
  );
  if (fibers.length > 0xffff) {
    throw new AppError(
      "BAD_REQUEST",
      `a 16-bit label image holds at most 65535 fibers, got ${fibers.length}`,
    );
  }
  const labels = rasterizePolygons(
    fibers.map((fiber, index) => ({ label: index + 1, polygon: fiber.geometry })),
    { width: section.width, height: section.height, arrayType: "uint16" },
  ) as Uint16Array;
  return encodeLabelPng(labels, section.width, section.height);
}
