/**
 * @module wsi/resolve-pixel-size
 * Finds the pixel size a file declares, in µm/px, from what `vipsheader`
 * reports. In order of trust: OpenSlide's `openslide.mpp-x` (Aperio MPP,
 * Hamamatsu and other vendor calibrations), OME-XML `PhysicalSizeX`, an ImageJ
 * description (`unit=micron` with the raw TIFF resolution in px/unit), and a
 * TIFF/PNG resolution with a physical unit (vips reports xres in px/mm). Values
 * outside plausible microscopy bounds (72 dpi screen defaults give 353 µm/px)
 * are treated as absent, never as errors.
 */

export type PixelSizeSource = "openslide" | "ome-xml" | "imagej" | "resolution";

export interface ResolvedPixelSize {
  pixelSizeUm: number;
  source: PixelSizeSource;
}

export interface ResolvePixelSizeOptions {
  /**
   * Smallest plausible pixel size in µm/px.
   * @default 0.05
   */
  minUm?: number;
  /**
   * Largest plausible pixel size in µm/px.
   * @default 100
   */
  maxUm?: number;
}

const UNIT_TO_UM: Record<string, number> = {
  pm: 1e-6,
  nm: 1e-3,
  um: 1,
  µm: 1,
  μm: 1,
  micron: 1,
  microns: 1,
  mm: 1e3,
  cm: 1e4,
  m: 1e6,
};

function readOmePhysicalSize(description: string): number | undefined {
  if (!/<OME[\s>]/.test(description)) return undefined;
  const pixels = /<(?:\w+:)?Pixels\b([^>]*)>/.exec(description)?.[1];
  if (!pixels) return undefined;
  const size = /\bPhysicalSizeX\s*=\s*"([^"]+)"/.exec(pixels)?.[1];
  const unit = /\bPhysicalSizeXUnit\s*=\s*"([^"]+)"/.exec(pixels)?.[1] ?? "µm";
  const factor = UNIT_TO_UM[unit];
  return size !== undefined && factor !== undefined ? Number(size) * factor : undefined;
}

function readImageJPixelSize(description: string, xres: number): number | undefined {
  if (!/^ImageJ=/m.test(description)) return undefined;
  const unit = /^unit=(.+)$/m
    .exec(description)?.[1]
    ?.trim()
    .replace(/^\\u00B5m$/, "µm");
  const factor = unit ? UNIT_TO_UM[unit] : undefined;
  // ImageJ stores px per unit in the TIFF resolution, without a TIFF unit.
  return factor !== undefined && xres > 0 ? factor / xres : undefined;
}

/**
 * The pixel size the file declares, or null when it declares none (plausibly).
 * @param fields `VipsHeader.fields`; `image-description` should be the full text.
 */
export function resolvePixelSize(
  fields: Record<string, string>,
  options: ResolvePixelSizeOptions = {},
): ResolvedPixelSize | null {
  const { minUm = 0.05, maxUm = 100 } = options;
  const isPlausible = (value: number | undefined): value is number =>
    value !== undefined && Number.isFinite(value) && value >= minUm && value <= maxUm;
  const description = fields["image-description"] ?? fields["tiff.ImageDescription"] ?? "";
  const xres = Number(fields.xres);

  const mpp = Number(fields["openslide.mpp-x"]);
  if (isPlausible(mpp)) return { pixelSizeUm: mpp, source: "openslide" };
  const ome = readOmePhysicalSize(description);
  if (isPlausible(ome)) return { pixelSizeUm: ome, source: "ome-xml" };
  const imagej = readImageJPixelSize(description, xres);
  if (isPlausible(imagej)) return { pixelSizeUm: imagej, source: "imagej" };
  // vips converts TIFF/PNG resolutions with a physical unit to px/mm; without
  // a unit (`resolution-unit` absent) the number means nothing physical.
  const unit = fields["resolution-unit"];
  if ((unit === "cm" || unit === "in") && xres > 0) {
    const fromResolution = 1000 / xres;
    if (isPlausible(fromResolution)) return { pixelSizeUm: fromResolution, source: "resolution" };
  }
  return null;
}
