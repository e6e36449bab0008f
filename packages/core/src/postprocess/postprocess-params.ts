/**
 * @module postprocess/postprocess-params
 * The versioned parameter set of the fiber post-processing, with the SYNTA
 * paper's values as defaults (Mill et al. 2025, Methods "Post processing",
 * and the authors' Fiji toolset HE_Muscle_Seg, "Muscle Analysis" macro).
 * Every run records the parsed set with its `version`; change the version
 * whenever a default or the meaning of a parameter changes.
 */
import { z } from "zod";

/** Bump when a default or the meaning of any parameter changes. */
export const POSTPROCESS_PARAMS_VERSION = 2;

const probability = (fallback: number, text: string) =>
  z.number().int().min(0).max(255).default(fallback).describe(text);

const fibersSchema = z
  .strictObject({
    threshold: probability(
      210,
      "Fiber probability scaled to [0, 255] at or above which a pixel is fiber (paper: 210).",
    ),
    connectivity: z
      .union([z.literal(4), z.literal(8)])
      .default(8)
      .describe(
        "Pixel connectivity of a fiber: 8 as ImageJ's Analyze Particles; 4 keeps fibers apart across a boundary " +
          "line only one pixel thick on a diagonal.",
      ),
    growDistanceUm: z
      .number()
      .min(0)
      .max(20)
      .default(3)
      .describe(
        "With a boundary map: how far (µm) each fiber grows back into its boundary band, one pixel per step, so " +
          "fibers regain the area the boundary class and the threshold took; growth never enters background " +
          "(see growMinForeground), and a pixel claimed by two fibers stays unassigned. In µm so that it means " +
          "the same at every image resolution.",
      ),
    growMinForeground: probability(
      128,
      "Growth only enters pixels whose fiber + boundary probability (scaled to [0, 255]) is at least this, i.e. " +
        "not background.",
    ),
    minAreaUm2: z
      .number()
      .min(0)
      .default(150)
      .describe("Fibers smaller than this area in µm² are removed (paper: 150)."),
    minCircularity: z
      .number()
      .min(0)
      .max(1)
      .default(0.1)
      .describe("Fibers with circularity 4π·area/perimeter² below this are removed (paper: 0.1)."),
    isExcludingEdges: z
      .boolean()
      .default(false)
      .describe(
        "Remove fibers touching the image border, as the Fiji toolset's Analyze Particles 'exclude' did. Off by " +
          "default: edge fibers are kept and flagged (`touchesEdge`).",
      ),
  })
  .prefault({});

const muscleMaskSchema = z
  .strictObject({
    isEnabled: z
      .boolean()
      .default(true)
      .describe(
        "Build the muscle mask; when off, the whole image is the muscle and no fiber is removed by it.",
      ),
    closingIterations: z
      .number()
      .int()
      .min(0)
      .max(200)
      .default(10)
      .describe(
        "Fiji Binary Dilate (3×3) repetitions followed by as many Erode repetitions on the fiber mask (paper: ten " +
          "of each). Computed as if the image went on with empty slide, so tissue cut by the image border is not " +
          "eroded (the toolset cropped that artefact away instead).",
      ),
    holeAreaPx: z
      .number()
      .int()
      .min(0)
      .default(3500)
      .describe(
        "MorphoLibJ Area Opening on the inverted mask: gaps (4-connected) smaller than this many pixels are filled " +
          "(paper: 3500 px²).",
      ),
    minAreaUm2: z
      .number()
      .min(0)
      .default(1_500_000)
      .describe(
        "Muscle pieces (8-connected) smaller than this area in µm² are dropped (paper: 1,500,000).",
      ),
    minAreaImageFraction: z
      .number()
      .min(0)
      .max(1)
      .default(0.25)
      .describe(
        "The piece-size filter never asks for more than this fraction of the image area, so a tile or crop smaller " +
          "than the paper's 1.5 mm² keeps a muscle piece covering a quarter of it or more instead of losing every " +
          "fiber. Whole sections are far larger than 1.5 mm² / 0.25, so there the paper's value applies unchanged. " +
          "Set to 1 for the strict absolute filter, or minAreaUm2 to 0 to skip it.",
      ),
  })
  .prefault({});

const shapeFilterSchema = z
  .strictObject({
    minCircularity: z.number().min(0).max(1).default(0.35).describe("Paper: 0.35."),
    maxCircularity: z.number().min(0).max(1).default(0.95).describe("Paper: 0.95."),
  })
  .prefault({});

const localThicknessSchema = z
  .strictObject({
    isEnabled: z
      .boolean()
      .default(true)
      .describe(
        "Compute Fiji's Local Thickness of the connective tissue (of the Segmentation mask).",
      ),
    histogramBinUm: z
      .number()
      .positive()
      .default(1)
      .describe("Width in µm of the bins of the local-thickness histogram."),
  })
  .prefault({});

/** zod schema of the post-processing parameters; every field has the paper's default. */
export const postprocessParamsSchema = z
  .strictObject({
    version: z.literal(POSTPROCESS_PARAMS_VERSION).default(POSTPROCESS_PARAMS_VERSION),
    fibers: fibersSchema,
    muscleMask: muscleMaskSchema,
    shapeFilter: shapeFilterSchema,
    localThickness: localThicknessSchema,
  })
  .refine((params) => params.shapeFilter.minCircularity <= params.shapeFilter.maxCircularity, {
    message: "shapeFilter.minCircularity must be ≤ shapeFilter.maxCircularity",
    path: ["shapeFilter"],
  });

/** A complete, parsed parameter set (what a run records). */
export type PostprocessParams = z.output<typeof postprocessParamsSchema>;
/** What callers may pass: any subset, the rest defaults. */
export type PostprocessParamsInput = z.input<typeof postprocessParamsSchema>;

/** Fills in the defaults; throws a ZodError naming the offending field. */
export function parsePostprocessParams(input: unknown = {}): PostprocessParams {
  return postprocessParamsSchema.parse(input);
}
