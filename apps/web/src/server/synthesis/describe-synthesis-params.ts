/**
 * @module synthesis/describe-synthesis-params
 * The parameter catalog the synthesis page renders its controls from: names,
 * help texts, bounds and integer-ness straight from the zod schema (one source
 * of truth), grouped and labelled for people, plus the presets' ranges.
 */
import { SYNTHESIS_PRESETS, type SynthesisPresetName } from "@myoscope/core/synthesis/presets";
import {
  SYNTHESIS_PARAM_KEYS,
  type SynthesisParams,
  synthesisParamsSchema,
} from "@myoscope/core/synthesis/synthesis-params";

export interface SynthesisParamInfo {
  key: keyof SynthesisParams;
  label: string;
  unit: string;
  description: string;
  min: number;
  max: number;
  isInteger: boolean;
}

export interface SynthesisParamGroup {
  title: string;
  /** Shown open; the rest sit behind "More parameters". */
  isPrimary: boolean;
  params: SynthesisParamInfo[];
}

export type PresetRanges = Record<string, number | readonly [number, number]>;

export interface SynthesisCatalog {
  groups: SynthesisParamGroup[];
  presets: Record<SynthesisPresetName, PresetRanges>;
  presetDescriptions: Record<SynthesisPresetName, string>;
}

const PRESET_DESCRIPTIONS: Record<SynthesisPresetName, string> = {
  "he-ffpe": "Paraffin sections: tightly packed fibers, speckled cytoplasm, pinkish-purple",
  "he-cryo": "Cryosections: paler staining, freezing vacuoles, cracks and loosening",
  myopathic: "Desmin knock-out-like: small variable fibers, connective tissue, central nuclei",
};

/** The controls a user reaches first: what changes a dataset most. */
const GROUPS: { title: string; isPrimary: boolean; keys: (keyof SynthesisParams)[] }[] = [
  {
    title: "Fibers",
    isPrimary: true,
    keys: [
      "mpp",
      "fiberDiameterUm",
      "fiberDiameterCv",
      "tightContactFraction",
      "endomysiumWidthUm",
    ],
  },
  { title: "Nuclei", isPrimary: true, keys: ["centralNucleiFraction"] },
  { title: "Staining", isPrimary: true, keys: ["hematoxylinConcentration", "eosinConcentration"] },
  { title: "Artifacts", isPrimary: true, keys: ["vacuoleFraction", "blurSigmaPx", "noiseSigma"] },
  {
    title: "Fiber shape",
    isPrimary: false,
    keys: ["borderWarp", "borderWarpScale", "cornerRounding"],
  },
  {
    title: "Connective tissue and section",
    isPrimary: false,
    keys: [
      "endomysiumWidthCv",
      "connectiveDensity",
      "fascicleFibers",
      "perimysiumWidthUm",
      "tissueCoverage",
      "tissueEdgeRoughness",
      "vesselDensity",
      "fatCellDensity",
    ],
  },
  {
    title: "More nuclei",
    isPrimary: false,
    keys: [
      "peripheralNucleiPerFiber",
      "nucleusLengthUm",
      "nucleusWidthUm",
      "nucleusSizeCv",
      "interstitialNucleiDensity",
      "interstitialClustering",
    ],
  },
  {
    title: "More staining",
    isPrimary: false,
    keys: [
      "fiberHematoxylin",
      "connectiveStain",
      "hematoxylinHueShift",
      "eosinHueShift",
      "backgroundOd",
      "backgroundTint",
      "fiberShadeVariation",
    ],
  },
  {
    title: "Texture",
    isPrimary: false,
    keys: [
      "mottleScaleUm",
      "mottleAmplitude",
      "speckleAmount",
      "speckleSizeUm",
      "membraneContrast",
      "membraneWidthPx",
    ],
  },
  {
    title: "More artifacts",
    isPrimary: false,
    keys: [
      "vacuoleSizeUm",
      "crackCount",
      "looseningFraction",
      "looseningWidthUm",
      "foldCount",
      "debrisDensity",
      "vignetting",
      "illuminationGradient",
      "jpegBlockiness",
    ],
  },
  { title: "Labels", isPrimary: false, keys: ["boundaryWidthPx"] },
];

const LABELS: Partial<Record<keyof SynthesisParams, [label: string, unit: string]>> = {
  mpp: ["Pixel size", "µm/px"],
  fiberDiameterUm: ["Fiber diameter", "µm"],
  fiberDiameterCv: ["Diameter CV", ""],
  tightContactFraction: ["Tight-contact fraction", ""],
  endomysiumWidthUm: ["Endomysium width", "µm"],
  centralNucleiFraction: ["Central nuclei fraction", ""],
  hematoxylinConcentration: ["Hematoxylin (nuclei)", "OD"],
  eosinConcentration: ["Eosin (fibers)", "OD"],
  vacuoleFraction: ["Vacuole fraction", ""],
  blurSigmaPx: ["Blur σ", "px"],
  noiseSigma: ["Noise σ", "grey levels"],
  fiberHematoxylin: ["Fiber hematoxylin", "OD"],
  backgroundOd: ["Background density", "OD"],
  interstitialNucleiDensity: ["Interstitial nuclei", "per 10⁴ µm²"],
  hematoxylinHueShift: ["Hematoxylin hue shift", "rad"],
  eosinHueShift: ["Eosin hue shift", "rad"],
};

/** `perimysiumWidthUm` → ["Perimysium width", "µm"]. */
function labelOf(key: keyof SynthesisParams): [string, string] {
  const known = LABELS[key];
  if (known) return known;
  const unit = key.endsWith("Um") ? "µm" : key.endsWith("Px") ? "px" : "";
  const stem = unit ? key.slice(0, -2) : key;
  const words = stem.replace(/([A-Z])/g, " $1").toLowerCase();
  return [words.charAt(0).toUpperCase() + words.slice(1), unit];
}

function describeParam(key: keyof SynthesisParams): SynthesisParamInfo {
  const schema = synthesisParamsSchema.shape[key];
  const [label, unit] = labelOf(key);
  return {
    key,
    label,
    unit,
    description: schema.description ?? "",
    min: schema.minValue ?? 0,
    max: schema.maxValue ?? 1,
    isInteger: schema.isInt,
  };
}

export function describeSynthesisParams(): SynthesisCatalog {
  const placed = new Set<string>();
  const groups: SynthesisParamGroup[] = GROUPS.map((group) => ({
    title: group.title,
    isPrimary: group.isPrimary,
    params: group.keys.map((key) => {
      placed.add(key);
      return describeParam(key);
    }),
  }));
  // A parameter added to the schema later still gets a control.
  const rest = SYNTHESIS_PARAM_KEYS.filter((key) => !placed.has(key));
  if (rest.length > 0) {
    groups.push({ title: "Other", isPrimary: false, params: rest.map(describeParam) });
  }
  return {
    groups,
    presets: SYNTHESIS_PRESETS as Record<SynthesisPresetName, PresetRanges>,
    presetDescriptions: PRESET_DESCRIPTIONS,
  };
}
