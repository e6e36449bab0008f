/**
 * @module annotations/import-imagej-rois
 * Imports Fiji/ImageJ ROIs (a single `.roi` or a ROI Manager `RoiSet.zip`,
 * e.g. Cellpose outlines or the HE_Muscle_Seg toolset's fibers) into a section
 * as annotations of one chosen kind. The ROIs become a GeoJSON feature
 * collection and go through the GeoJSON import, so they are validated and
 * inserted the same way: all in one transaction, or nothing. ROIs without an
 * area (lines, points) are skipped and counted.
 */
import type { AnnotationKind } from "@myoscope/core/annotations/annotation-classes";
import { decodeImageJRoi } from "@myoscope/core/annotations/decode-imagej-roi";
import { AppError } from "@myoscope/core/errors/app-error";
import { unzipSync } from "fflate";
import type { AppDeps } from "../deps.ts";
import { importAnnotationsGeoJson } from "./import-annotations-geojson.ts";

/** RoiSets are small (a few hundred bytes per ROI); this bounds an upload's decoded size. */
const MAX_DECODED_BYTES = 64 * 1024 * 1024;

export interface ImportImageJRoisInput {
  projectId: string;
  sectionId: string;
  userId: string;
  fileName: string;
  bytes: Uint8Array;
  /** What the ROIs are: fibers (ground truth), ROIs, named regions or exclusions. */
  kind: AnnotationKind;
}

/** The `.roi` entries of a RoiSet.zip (or the single file), with their names. */
function readRoiFiles(fileName: string, bytes: Uint8Array): { name: string; bytes: Uint8Array }[] {
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (!isZip) return [{ name: fileName.replace(/\.roi$/i, ""), bytes }];
  let total = 0;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      filter: (file) => {
        total += file.originalSize;
        if (total > MAX_DECODED_BYTES) {
          throw new AppError("PAYLOAD_TOO_LARGE", "the ROI set unpacks to more than 64 MB");
        }
        return file.name.toLowerCase().endsWith(".roi");
      },
    });
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError(
      "BAD_REQUEST",
      `${fileName} is not a readable zip: ${(error as Error).message}`,
    );
  }
  const files = Object.entries(entries).map(([name, data]) => ({
    name: (name.split("/").pop() ?? name).replace(/\.roi$/i, ""),
    bytes: data,
  }));
  if (files.length === 0) throw new AppError("BAD_REQUEST", `${fileName} holds no .roi files`);
  return files;
}

export async function importImageJRois(
  deps: Pick<AppDeps, "db" | "getQueue">,
  input: ImportImageJRoisInput,
): Promise<{ count: number; skipped: number }> {
  const features: object[] = [];
  let skipped = 0;
  for (const file of readRoiFiles(input.fileName, input.bytes)) {
    let points: [number, number][];
    try {
      points = decodeImageJRoi(file.bytes).points;
    } catch (error) {
      // Lines and points belong in a RoiSet too; they have no outline to import.
      if (error instanceof RangeError && /must enclose an area/.test(error.message)) {
        skipped++;
        continue;
      }
      throw new AppError("BAD_REQUEST", `${file.name}: ${(error as Error).message}`);
    }
    const label =
      input.kind === "fiber" ? "" : input.kind === "exclusion" ? "other" : file.name.slice(0, 200);
    features.push({
      type: "Feature",
      geometry: { type: "Polygon", coordinates: [[...points, points[0]]] },
      properties: {
        objectType: "annotation",
        name: file.name,
        myoscope: { kind: input.kind, label },
      },
    });
  }
  if (features.length === 0) {
    throw new AppError("BAD_REQUEST", `${input.fileName} holds no ROI with an area`);
  }
  const { count } = await importAnnotationsGeoJson(deps, {
    projectId: input.projectId,
    sectionId: input.sectionId,
    userId: input.userId,
    text: JSON.stringify({ type: "FeatureCollection", features }),
  });
  return { count, skipped };
}
