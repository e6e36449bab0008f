/**
 * @module docs/real-references
 * The real H&E images the synthetic presets are compared with, read in place
 * from `<repo>/../shared/data/real` (see its MANIFESTs; never copied into the repo).
 */
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { decode } from "fast-png";
import sharp from "sharp";
import { REPO_ROOT } from "../lib/paths.ts";
import type { RgbImage } from "./compose-panels.ts";

export const REAL_DATA_DIR = resolve(REPO_ROOT, "../shared/data/real");

export interface RealReference extends RgbImage {
  id: string;
  title: string;
  /** µm per pixel. */
  mpp: number;
  /** How the pixel size is known. */
  mppSource: string;
  /** Fiber instance labels (Cellpose output) where the data set has them. */
  labels: Uint16Array | null;
}

interface ReferenceSpec {
  id: string;
  title: string;
  image: string;
  labels?: string;
  mpp: number;
  mppSource: string;
  /** Region to keep: burned-in panel letters and scale bars are cut away. */
  crop?: { left: number; top: number; width: number; height: number };
}

const SPECS: readonly ReferenceSpec[] = [
  {
    id: "wcchu-02",
    title: "wcchu tile 02 (FFPE-like, regenerating)",
    image: "he_muscle_wcchu/images/sample_img_02.tif",
    labels: "he_muscle_wcchu/masks_cellpose/sample_img_02_cp_masks.png",
    mpp: 0.2774,
    mppSource: "macro default 0.2765 × 0.2782 µm/px",
  },
  {
    id: "wcchu-03",
    title: "wcchu tile 03",
    image: "he_muscle_wcchu/images/sample_img_03.tif",
    labels: "he_muscle_wcchu/masks_cellpose/sample_img_03_cp_masks.png",
    mpp: 0.2774,
    mppSource: "macro default 0.2765 × 0.2782 µm/px",
  },
  {
    id: "strange2014",
    title: "Strange 2014 Fig. 4A (FFPE, adult)",
    image: "he_muscle_strange2014/Strange_2014_4a_high_res.tif",
    mpp: 1.033,
    mppSource: "ImageJ calibration 0.968 px/µm",
    // Below the panel letter "A", above the 250 µm scale bar, inside the black frame.
    crop: { left: 4, top: 130, width: 1144, height: 690 },
  },
  {
    id: "fibersight-v52",
    title: "FiberSight V52 patch (mouse)",
    image: "fibersight_coccimiglio/brightfield_he/V52_patch_1.tif",
    mpp: 0.6,
    mppSource: "not calibrated; estimated from fiber size (~40 µm mouse fibers)",
  },
];

async function readReference(spec: ReferenceSpec): Promise<RealReference> {
  const path = join(REAL_DATA_DIR, spec.image);
  let pipeline = sharp(path).removeAlpha();
  if (spec.crop) pipeline = pipeline.extract(spec.crop);
  const { data, info } = await pipeline
    .raw()
    .toBuffer({ resolveWithObject: true })
    .catch((error) => {
      throw new Error(
        `real reference image missing at ${path}; the shared data folder must sit next to the checkout`,
        { cause: error },
      );
    });
  let labels: Uint16Array | null = null;
  if (spec.labels) {
    const png = decode(await readFile(join(REAL_DATA_DIR, spec.labels)));
    if (png.width !== info.width || png.height !== info.height || png.channels !== 1) {
      throw new Error(`${spec.labels} does not match ${spec.image}`);
    }
    labels = Uint16Array.from(png.data);
  }
  return {
    id: spec.id,
    title: spec.title,
    mpp: spec.mpp,
    mppSource: spec.mppSource,
    width: info.width,
    height: info.height,
    rgb: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    labels,
  };
}

export function readRealReferences(): Promise<RealReference[]> {
  return Promise.all(SPECS.map(readReference));
}
