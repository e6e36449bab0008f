/**
 * @module synthesis/presets
 *
 * Named parameter ranges. Values were tuned by eye and by H&E optical density against the real
 * images in shared/data/real (wcchu FFPE tiles, Strange 2014 FFPE field, FiberSight V52).
 */
import type { SynthesisRanges } from "./synthesis-ranges.ts";

/** Names of the built-in presets. */
export type SynthesisPresetName = "he-ffpe" | "he-cryo" | "myopathic";

/** Dataset-A-like FFPE murine muscle: rounded fibers, smooth or finely stippled clear pink
 * cytoplasm, mixed tight contacts and thin lilac endomysium with many interstitial nuclei. */
const heFfpe: SynthesisRanges = {
  mpp: [0.5, 1.05],
  fiberDiameterUm: [32, 52],
  fiberDiameterCv: [0.15, 0.3],
  borderWarp: [0.04, 0.12],
  borderWarpScale: [0.8, 2],
  cornerRounding: [0.4, 0.9],
  tightContactFraction: [0.35, 0.8],
  endomysiumWidthUm: [1.2, 5],
  endomysiumWidthCv: [0.3, 0.8],
  connectiveDensity: [0.3, 0.85],
  fascicleFibers: [60, 400],
  perimysiumWidthUm: [5, 22],
  // Above 1 = full tissue: about 70% of images are all tissue, the rest show a section edge.
  tissueCoverage: [0.6, 2],
  tissueEdgeRoughness: [0.2, 0.8],
  centralNucleiFraction: [0.02, 0.5],
  peripheralNucleiPerFiber: [0.6, 3],
  nucleusLengthUm: [5.5, 9],
  nucleusWidthUm: [2.4, 3.8],
  nucleusSizeCv: [0.15, 0.35],
  interstitialNucleiDensity: [8, 60],
  interstitialClustering: [0.05, 0.35],
  hematoxylinConcentration: [0.7, 1.2],
  eosinConcentration: [0.26, 0.52],
  fiberHematoxylin: [0.02, 0.07],
  connectiveStain: [0.4, 0.9],
  hematoxylinHueShift: [-0.12, 0.12],
  eosinHueShift: [-0.15, 0.12],
  backgroundOd: [0.01, 0.05],
  backgroundTint: [0, 0.8],
  fiberShadeVariation: [0.04, 0.12],
  mottleScaleUm: [8, 25],
  mottleAmplitude: [0.04, 0.16],
  // Below 0 = smooth: about 40% of images have no stipple.
  speckleAmount: [-0.4, 0.6],
  speckleSizeUm: [0.8, 2],
  membraneContrast: [-0.6, 0.5],
  membraneWidthPx: [1, 2],
  vacuoleFraction: 0,
  vacuoleSizeUm: 2,
  crackCount: [0, 2],
  looseningFraction: [0, 0.05],
  looseningWidthUm: [1, 4],
  foldCount: [0, 1],
  vesselDensity: [0, 3],
  fatCellDensity: [0, 0.4],
  debrisDensity: [0, 0.3],
  vignetting: [0, 0.3],
  illuminationGradient: [0, 0.3],
  blurSigmaPx: [0.3, 1.8],
  noiseSigma: [1, 4],
  jpegBlockiness: [0, 0.3],
  boundaryWidthPx: 2,
};

/** Cryosections: paler, bluer staining, freezing vacuoles, more cracks and loosening. */
const heCryo: SynthesisRanges = {
  ...heFfpe,
  mpp: [0.5, 1.1],
  fiberDiameterUm: [30, 55],
  borderWarp: [0.06, 0.18],
  cornerRounding: [0.5, 1],
  tightContactFraction: [0.3, 0.7],
  endomysiumWidthUm: [2, 7],
  connectiveDensity: [0.2, 0.6],
  tissueCoverage: [0.5, 2],
  centralNucleiFraction: [0, 0.1],
  eosinConcentration: [0.2, 0.42],
  fiberHematoxylin: [0.03, 0.1],
  hematoxylinConcentration: [0.7, 1.2],
  eosinHueShift: [-0.25, 0.1],
  speckleAmount: [-0.6, 0.3],
  mottleAmplitude: [0.08, 0.25],
  vacuoleFraction: [0.1, 0.6],
  vacuoleSizeUm: [1.5, 6],
  crackCount: [1, 5],
  looseningFraction: [0.1, 0.4],
  looseningWidthUm: [2, 8],
  foldCount: [0, 2],
  debrisDensity: [0.1, 0.5],
};

/** Desmin-knock-out-like myopathy: small, variable fibers, more connective tissue, central nuclei. */
const myopathic: SynthesisRanges = {
  ...heFfpe,
  fiberDiameterUm: [18, 34],
  fiberDiameterCv: [0.35, 0.6],
  borderWarp: [0.06, 0.18],
  cornerRounding: [0.5, 1],
  tightContactFraction: [0.2, 0.6],
  endomysiumWidthUm: [3, 10],
  endomysiumWidthCv: [0.5, 1],
  connectiveDensity: [0.45, 1],
  perimysiumWidthUm: [10, 40],
  centralNucleiFraction: [0.3, 0.95],
  peripheralNucleiPerFiber: [1.5, 4],
  nucleusSizeCv: [0.2, 0.45],
  interstitialNucleiDensity: [25, 90],
  interstitialClustering: [0.15, 0.5],
  fiberHematoxylin: [0.03, 0.1],
  fiberShadeVariation: [0.08, 0.25],
  vesselDensity: [0.5, 4],
};

/** The built-in presets by name. */
export const SYNTHESIS_PRESETS: Readonly<Record<SynthesisPresetName, SynthesisRanges>> = {
  "he-ffpe": heFfpe,
  "he-cryo": heCryo,
  myopathic,
};
