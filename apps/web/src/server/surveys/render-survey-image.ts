/**
 * @module surveys/render-survey-image
 * Renders what a rater looks at: the ROI with its surroundings cropped from the
 * section image (or, for vendor slides, from its pyramid), optionally with one panel's mask painted over it. The URL and
 * the response carry the survey, item, letter and category only; the run
 * behind the letter is looked up here and never leaves the server.
 *
 * Masks: "Segmentation" = fibers with inMuscleMask, "Shape Filter" = those that
 * also pass the shape filter and lie outside exclusions (both from the run's
 * labels.png and Fiber rows); "Connective Tissue" = the run's connective.png,
 * else muscle.png minus fiber pixels, else (runs made before those files
 * existed) background pixels within 4 µm of a Segmentation fiber, an
 * approximation of the tissue between fibers.
 */
import { hasRoleAtLeast } from "@myoscope/core/auth/project-role";
import { AppError } from "@myoscope/core/errors/app-error";
import { getContextBox } from "@myoscope/core/surveys/get-context-box";
import { getSurveyMaskKind } from "@myoscope/core/surveys/survey-defaults";
import { findSectionFiles, findSectionPyramid } from "@myoscope/db/sections";
import { findSurvey } from "@myoscope/db/surveys";
import {
  findRaterAssignment,
  findSurveyPanelSource,
  listRunFiberMasks,
  listSectionGeometry,
} from "@myoscope/db/surveys-grading";
import { getSegmentationFileKey } from "@myoscope/storage/segmentation-keys";
import sharp from "sharp";
import type { AppDeps } from "../deps.ts";
import { requireProjectRole } from "../projects/require-project-role.ts";
import { type PixelRegion, readPyramidRegion } from "../sections/read-pyramid-region.ts";

/** Longest edge of a rendered crop, in screen pixels. */
const MAX_EDGE = 900;
const FILL = [0, 220, 120, 90] as const;
const EDGE = [255, 240, 0, 255] as const;
const CONNECTIVE = [40, 120, 255, 130] as const;
const ROI_EDGE = [255, 255, 255, 255] as const;

export interface SurveyImageInput {
  projectId: string;
  surveyId: string;
  itemId: string;
  userId: string;
  /** null: the plain crop without a mask. */
  letter: string | null;
  categoryIndex: number | null;
}

/** Members may see a survey's images if they rate it (open or closed) or design it (editor+). */
async function requireImageAccess(deps: Pick<AppDeps, "db">, input: SurveyImageInput) {
  const role = await requireProjectRole(deps.db, { ...input, minRole: "rater" });
  const survey = await findSurvey(deps.db, input);
  if (!survey) throw new AppError("NOT_FOUND", "survey not found");
  if (hasRoleAtLeast(role, "editor")) return survey;
  const assignment = await findRaterAssignment(deps.db, input);
  if (!assignment) throw new AppError("FORBIDDEN", "you are not a rater of this survey");
  if (survey.status === "draft") throw new AppError("CONFLICT", "the survey is not open yet");
  return survey;
}

function paint(rgba: Uint8Array, index: number, color: readonly number[]): void {
  rgba.set(color, index * 4);
}

/** Originals sharp could not decode (vendor slides): their crops come from the pyramid. */
const undecodableOriginals = new Set<string>();

/**
 * The crop of the section image: from the original file, or, for files the web
 * server's sharp cannot decode (SVS with JPEG 2000 tiles, NDPI, …), from the DeepZoom
 * pyramid the ingest job wrote with OpenSlide.
 */
async function renderBaseCrop(
  deps: Pick<AppDeps, "db" | "storage">,
  input: {
    projectId: string;
    sectionId: string;
    storageKey: string;
    region: PixelRegion;
    outW: number;
    outH: number;
  },
): Promise<Buffer> {
  const { region, outW, outH } = input;
  if (!undecodableOriginals.has(input.storageKey)) {
    try {
      return await sharp(await deps.storage.localPath(input.storageKey), {
        limitInputPixels: false,
      })
        .extract(region)
        .resize(outW, outH)
        .removeAlpha()
        .toColourspace("srgb")
        .png()
        .toBuffer();
    } catch (error) {
      // Only a format sharp cannot decode sends the section to its pyramid for good; other
      // failures (a full file table, memory) are errors of this request.
      if (
        !/unsupported image format|not a known file format|jp2k|JPEG 2000|openslide|decompress error|tiff2vips/i.test(
          String((error as Error).message),
        )
      ) {
        throw error;
      }
      undecodableOriginals.add(input.storageKey);
    }
  }
  const pyramid = await findSectionPyramid(deps.db, input);
  if (!pyramid) {
    throw new AppError("CONFLICT", "this section's image cannot be read and it has no tiles yet");
  }
  return readPyramidRegion(deps.storage, pyramid, region, outW, outH);
}

export async function renderSurveyImage(
  deps: Pick<AppDeps, "db" | "storage">,
  input: SurveyImageInput,
): Promise<Buffer> {
  await requireImageAccess(deps, input);
  const item = await findSurveyPanelSource(deps.db, input);
  if (!item) throw new AppError("NOT_FOUND", "ROI not found");
  const [section] = await listSectionGeometry(deps.db, {
    projectId: input.projectId,
    sectionIds: [item.sectionId],
  });
  const files = await findSectionFiles(deps.db, {
    sectionId: item.sectionId,
    projectId: input.projectId,
  });
  if (!section || !files) throw new AppError("NOT_FOUND", "section not found");
  const roi = { x: item.x, y: item.y, width: item.width, height: item.height };
  const box = getContextBox(roi, section);
  const scale = Math.min(1, MAX_EDGE / Math.max(box.width, box.height));
  const outW = Math.max(1, Math.round(box.width * scale));
  const outH = Math.max(1, Math.round(box.height * scale));
  const region = { left: box.x, top: box.y, width: box.width, height: box.height };
  const base = await renderBaseCrop(deps, {
    projectId: input.projectId,
    sectionId: item.sectionId,
    storageKey: files.storageKey,
    region,
    outW,
    outH,
  });
  const overlay = new Uint8Array(outW * outH * 4);
  if (input.letter !== null) {
    const category =
      input.categoryIndex === null ? undefined : item.survey.categories[input.categoryIndex];
    const run = item.panels[0]?.run;
    if (category === undefined || !run)
      throw new AppError("NOT_FOUND", "no such panel or category");
    await paintMask(deps, {
      run,
      region,
      outW,
      outH,
      overlay,
      kind: getSurveyMaskKind(category),
      pixelSizeUm: section.pixelSizeUm * (1 / scale),
    });
  }
  // The ROI outline, so the graded area stands out from its surroundings.
  const rx0 = Math.round((roi.x - box.x) * scale);
  const ry0 = Math.round((roi.y - box.y) * scale);
  const rx1 = Math.min(outW - 1, Math.round((roi.x + roi.width - box.x) * scale));
  const ry1 = Math.min(outH - 1, Math.round((roi.y + roi.height - box.y) * scale));
  for (let t = 0; t < 2; t++) {
    for (let x = rx0; x <= rx1; x++) {
      if ((x >> 3) % 2 === 0) {
        paint(overlay, (ry0 + t) * outW + x, ROI_EDGE);
        paint(overlay, (ry1 - t) * outW + x, ROI_EDGE);
      }
    }
    for (let y = ry0; y <= ry1; y++) {
      if ((y >> 3) % 2 === 0) {
        paint(overlay, y * outW + rx0 + t, ROI_EDGE);
        paint(overlay, y * outW + rx1 - t, ROI_EDGE);
      }
    }
  }
  return sharp(base)
    .composite([{ input: Buffer.from(overlay), raw: { width: outW, height: outH, channels: 4 } }])
    .png()
    .toBuffer();
}

async function readMaskCrop(
  path: string,
  region: { left: number; top: number; width: number; height: number },
  outW: number,
  outH: number,
  depth: "uchar" | "ushort",
): Promise<Uint8Array | Uint16Array> {
  const { data, info } = await sharp(path, { limitInputPixels: false })
    .extract(region)
    .resize(outW, outH, { kernel: "nearest" })
    .toColourspace(depth === "ushort" ? "grey16" : "b-w")
    .extractChannel(0)
    .raw({ depth })
    .toBuffer({ resolveWithObject: true });
  if (info.width !== outW || info.height !== outH) {
    throw new AppError("INTERNAL", "mask crop has an unexpected size");
  }
  return depth === "ushort"
    ? new Uint16Array(data.buffer, data.byteOffset, outW * outH)
    : new Uint8Array(data.buffer, data.byteOffset, outW * outH);
}

async function paintMask(
  deps: Pick<AppDeps, "db" | "storage">,
  input: {
    run: { id: string; projectId: string; sectionId: string; labelsKey: string | null };
    region: { left: number; top: number; width: number; height: number };
    outW: number;
    outH: number;
    overlay: Uint8Array;
    kind: ReturnType<typeof getSurveyMaskKind>;
    /** µm per output pixel. */
    pixelSizeUm: number;
  },
): Promise<void> {
  const { run, region, outW, outH, overlay } = input;
  if (!run.labelsKey) throw new AppError("NOT_FOUND", "this panel has no masks");
  const labels = await readMaskCrop(
    await deps.storage.localPath(run.labelsKey),
    region,
    outW,
    outH,
    "ushort",
  );
  const fibers = await listRunFiberMasks(deps.db, {
    runId: run.id,
    box: { x: region.left, y: region.top, width: region.width, height: region.height },
  });
  const segmentation = new Set(fibers.filter((f) => f.inMuscleMask).map((f) => f.label));
  if (input.kind !== "connective") {
    const shown =
      input.kind === "segmentation"
        ? segmentation
        : new Set(
            fibers
              .filter((f) => f.inMuscleMask && f.passesShapeFilter && !f.inExclusion)
              .map((f) => f.label),
          );
    for (let y = 0; y < outH; y++) {
      for (let x = 0; x < outW; x++) {
        const i = y * outW + x;
        const label = labels[i] ?? 0;
        if (label === 0 || !shown.has(label)) continue;
        const isEdge =
          x === 0 ||
          y === 0 ||
          x === outW - 1 ||
          y === outH - 1 ||
          labels[i - 1] !== label ||
          labels[i + 1] !== label ||
          labels[i - outW] !== label ||
          labels[i + outW] !== label;
        paint(overlay, i, isEdge ? EDGE : FILL);
      }
    }
    return;
  }
  const connective = await readConnectiveMask(deps, { ...input, labels, segmentation });
  for (let i = 0; i < outW * outH; i++) if (connective[i]) paint(overlay, i, CONNECTIVE);
}

async function readConnectiveMask(
  deps: Pick<AppDeps, "storage">,
  input: {
    run: { id: string; projectId: string; sectionId: string };
    region: { left: number; top: number; width: number; height: number };
    outW: number;
    outH: number;
    labels: Uint8Array | Uint16Array;
    segmentation: Set<number>;
    pixelSizeUm: number;
  },
): Promise<Uint8Array> {
  const { outW, outH, labels } = input;
  const connectiveKey = getSegmentationFileKey(input.run, "connective");
  if (await deps.storage.exists(connectiveKey)) {
    const mask = await readMaskCrop(
      await deps.storage.localPath(connectiveKey),
      input.region,
      outW,
      outH,
      "uchar",
    );
    return Uint8Array.from(mask, (v) => (v > 127 ? 1 : 0));
  }
  const muscleKey = getSegmentationFileKey(input.run, "muscle");
  if (await deps.storage.exists(muscleKey)) {
    const muscle = await readMaskCrop(
      await deps.storage.localPath(muscleKey),
      input.region,
      outW,
      outH,
      "uchar",
    );
    return Uint8Array.from(muscle, (v, i) => (v > 127 && (labels[i] ?? 0) === 0 ? 1 : 0));
  }
  // Fallback: background within `radius` of a Segmentation fiber (square dilation,
  // separable: rows then columns).
  const radius = Math.max(1, Math.round(4 / input.pixelSizeUm));
  const fiber = Uint8Array.from(labels, (v) => (v !== 0 && input.segmentation.has(v) ? 1 : 0));
  const rows = new Uint8Array(outW * outH);
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      let hit = 0;
      for (let dx = Math.max(0, x - radius); dx <= Math.min(outW - 1, x + radius) && !hit; dx++) {
        hit = fiber[y * outW + dx] ?? 0;
      }
      rows[y * outW + x] = hit;
    }
  }
  const out = new Uint8Array(outW * outH);
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      const i = y * outW + x;
      if ((labels[i] ?? 0) !== 0) continue;
      for (let dy = Math.max(0, y - radius); dy <= Math.min(outH - 1, y + radius); dy++) {
        if (rows[dy * outW + x]) {
          out[i] = 1;
          break;
        }
      }
    }
  }
  return out;
}
