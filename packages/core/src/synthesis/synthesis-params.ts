/**
 * @module synthesis/synthesis-params
 *
 * The concrete, per-image parameters of the SYNTA-style generator (Mill et al. 2025): every
 * visual property of a synthetic H&E muscle cross-section is one named, bounded number here.
 * A dataset samples one `SynthesisParams` per image from `SynthesisRanges` (see `presets.ts`).
 */
import { z } from "zod";

const num = (min: number, max: number, text: string) => z.number().min(min).max(max).describe(text);
const int = (min: number, max: number, text: string) =>
  z.number().int().min(min).max(max).describe(text);

/** zod schema of one image's synthesis parameters; unknown keys are rejected. */
export const synthesisParamsSchema = z.strictObject({
  // Geometry
  mpp: num(0.1, 5, "Pixel size in µm per pixel; all µm lengths are converted with it."),
  fiberDiameterUm: num(
    5,
    150,
    "Mean equivalent-circle diameter of the fibers in µm (what a measurement of the labels gives).",
  ),
  fiberDiameterCv: num(0, 0.8, "Coefficient of variation of the (log-normal) fiber diameter."),
  borderWarp: num(
    0,
    0.5,
    "Amplitude of the smooth domain warp that bends fiber borders, as a fraction of the mean fiber radius.",
  ),
  borderWarpScale: num(
    0.3,
    4,
    "Wavelength of the border warp in mean fiber diameters (small = wiggly, large = gently bent).",
  ),
  cornerRounding: num(
    0,
    1,
    "Rounding of the polygon corners, as a fraction of the mean fiber radius (0 = sharp polygons).",
  ),
  tightContactFraction: num(
    0,
    1,
    "Fraction of fiber–fiber contacts inside a fascicle that touch with only a membrane line (no gap).",
  ),
  endomysiumWidthUm: num(0, 20, "Mean width in µm of the endomysium gap on non-tight contacts."),
  endomysiumWidthCv: num(0, 1, "Relative variation of the endomysium gap width between contacts."),
  connectiveDensity: num(
    0,
    1,
    "How much pale fibrous matter fills endomysium/perimysium (0 = empty white gaps).",
  ),
  fascicleFibers: num(
    0,
    5000,
    "Mean number of fibers per fascicle (0 = one fascicle, no perimysium bands).",
  ),
  perimysiumWidthUm: num(0, 80, "Mean width in µm of the perimysium between fascicles."),
  tissueCoverage: num(
    0.05,
    2,
    "Fraction of the image covered by tissue; below 1 a noisy section edge leaves empty slide. Values ≥ 1 all mean full tissue, so a range reaching above 1 gives that share of full-tissue images.",
  ),
  tissueEdgeRoughness: num(0, 1, "Irregularity of the section edge (0 = straight)."),
  // Nuclei
  centralNucleiFraction: num(0, 1, "Fraction of fibers with at least one central nucleus."),
  peripheralNucleiPerFiber: num(
    0,
    10,
    "Mean number of peripheral (subsarcolemmal) nuclei per fiber of mean size.",
  ),
  nucleusLengthUm: num(2, 25, "Mean long axis of a nucleus in µm."),
  nucleusWidthUm: num(1, 12, "Mean short axis of a nucleus in µm."),
  nucleusSizeCv: num(0, 0.8, "Relative (log-normal) variation of nucleus size between nuclei."),
  interstitialNucleiDensity: num(
    0,
    200,
    "Interstitial nuclei per 10,000 µm² of connective tissue (fibroblasts, endothelium).",
  ),
  interstitialClustering: num(
    0,
    1,
    "Chance that an interstitial nucleus brings 1–3 close neighbours (small clusters).",
  ),
  // Staining (Beer–Lambert, optical density)
  hematoxylinConcentration: num(0.2, 3, "Peak hematoxylin optical density of a nucleus."),
  eosinConcentration: num(0.05, 2, "Eosin optical density of an average fiber."),
  fiberHematoxylin: num(0, 0.6, "Hematoxylin optical density in fiber cytoplasm (purple cast)."),
  connectiveStain: num(
    0,
    1,
    "Stain strength of connective tissue relative to fibers (eosin and hematoxylin).",
  ),
  hematoxylinHueShift: num(
    -0.5,
    0.5,
    "Rotation (radians) of the hematoxylin OD vector about the grey axis (hue of nuclei).",
  ),
  eosinHueShift: num(
    -0.5,
    0.5,
    "Rotation (radians) of the eosin OD vector about the grey axis (pink ↔ red/magenta).",
  ),
  backgroundOd: num(0, 0.3, "Optical density of the empty slide (0 = pure white)."),
  backgroundTint: num(-1, 1, "Hue of the slide background: -1 bluish, 0 neutral, 1 pinkish."),
  fiberShadeVariation: num(
    0,
    0.5,
    "Per-fiber relative variation of stain intensity (fiber types, section thickness).",
  ),
  // Fiber texture
  mottleScaleUm: num(1, 60, "Feature size in µm of the Worley/value-noise mottling inside fibers."),
  mottleAmplitude: num(0, 1, "Relative amplitude of the mottling."),
  speckleAmount: num(
    -1,
    1,
    "Strength of the pale myofibril stippling of FFPE fibers. Values ≤ 0 all mean smooth cytoplasm, so a range starting below 0 gives that share of smooth images.",
  ),
  speckleSizeUm: num(0.3, 6, "Spacing in µm of the irregular myofibril stipple flecks."),
  membraneContrast: num(
    -1,
    1,
    "Contrast of the membrane line between touching fibers: <0 paler, >0 darker than the fibers.",
  ),
  membraneWidthPx: num(0.5, 4, "Width in pixels of the membrane line between touching fibers."),
  // Artifacts (0 disables each)
  vacuoleFraction: num(0, 1, "Fraction of fibers with freezing-artifact vacuoles (holes)."),
  vacuoleSizeUm: num(0.5, 15, "Typical size in µm of the irregular freezing holes and cracks."),
  crackCount: int(0, 12, "Number of cracks that tear the section along fiber borders."),
  looseningFraction: num(0, 1, "Fraction of fibers retracted from their neighbours (white rim)."),
  looseningWidthUm: num(0, 20, "Width in µm of the retraction gap around a loosened fiber."),
  foldCount: int(0, 5, "Number of tissue folds (bands of doubled, darker tissue)."),
  vesselDensity: num(
    0,
    20,
    "Capillaries/small vessels (round lumen, pale wall, ring of nuclei) per 10,000 µm² of connective tissue.",
  ),
  fatCellDensity: num(
    0,
    5,
    "Fat cells (large empty round cells with a thin wall) per 10,000 µm² of wide connective tissue.",
  ),
  debrisDensity: num(0, 1, "Amount of dust and debris particles on the slide."),
  vignetting: num(0, 1, "Radial darkening towards the image corners."),
  illuminationGradient: num(0, 1, "Linear brightness gradient across the field."),
  blurSigmaPx: num(0, 6, "Gaussian defocus blur sigma in pixels."),
  noiseSigma: num(0, 30, "Sensor noise standard deviation in 8-bit grey levels."),
  jpegBlockiness: num(0, 1, "Strength of JPEG-like 8×8 block and chroma-subsampling artifacts."),
  // Labels
  boundaryWidthPx: int(
    1,
    16,
    "Width in pixels of the boundary class band on each side of a fiber border.",
  ),
});

/** Concrete parameter values of one synthetic image. */
export type SynthesisParams = z.infer<typeof synthesisParamsSchema>;

/** Names of all parameters, in schema order (the order sampling draws them in). */
export const SYNTHESIS_PARAM_KEYS = Object.keys(
  synthesisParamsSchema.shape,
) as (keyof SynthesisParams)[];

/** Parameters that must be integers. */
export const SYNTHESIS_INTEGER_KEYS: ReadonlySet<keyof SynthesisParams> = new Set([
  "crackCount",
  "foldCount",
  "boundaryWidthPx",
]);

/**
 * Validates parameters with the schema.
 * @throws RangeError naming the first offending field and its value.
 */
export function validateSynthesisParams(params: unknown): SynthesisParams {
  const result = synthesisParamsSchema.safeParse(params);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path.join(".") ?? "";
  if (issue?.code === "unrecognized_keys") {
    throw new RangeError(`params has unknown field(s) ${issue.keys.join(", ")}`);
  }
  const value =
    path !== "" && typeof params === "object" && params !== null
      ? (params as Record<string, unknown>)[path]
      : params;
  const name = path === "" ? "params" : `params.${path}`;
  throw new RangeError(`${name}: ${issue?.message ?? "invalid"}, got ${String(value)}`);
}
