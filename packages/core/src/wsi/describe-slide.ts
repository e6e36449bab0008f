/**
 * @module wsi/describe-slide
 * Turns a parsed `vipsheader` result into what Myoscope records about an image:
 * format, vendor, size, resolution levels, pixel size and a compact set of
 * scanner properties for `section.properties`.
 */
import type { VipsHeader } from "./parse-vips-header.ts";
import { type ResolvedPixelSize, resolvePixelSize } from "./resolve-pixel-size.ts";

/** Loaders whose output Myoscope ingests; anything else is refused at upload. */
export const SUPPORTED_LOADERS = ["openslideload", "tiffload", "jpegload", "pngload"] as const;
export type SupportedLoader = (typeof SUPPORTED_LOADERS)[number];

export function isSupportedLoader(loader: string): loader is SupportedLoader {
  return (SUPPORTED_LOADERS as readonly string[]).includes(loader);
}

// A type alias, not an interface, so it stays assignable to JSON column types.
export type SlideLevel = {
  width: number;
  height: number;
  downsample: number;
};

export interface SlideDescription {
  loader: SupportedLoader;
  /** "svs", "ndpi", another OpenSlide vendor name, "ome-tiff", "tiff", "jpeg" or "png". */
  format: string;
  /** "aperio", "hamamatsu", ... (OpenSlide's vendor), "ome-tiff", "generic-tiff", "jpeg", "png". */
  vendor: string;
  /** Whether OpenSlide (through `vips`) is needed to read it; ordinary images go through sharp. */
  isVendorSlide: boolean;
  width: number;
  height: number;
  bands: number;
  levels: SlideLevel[];
  pixelSize: ResolvedPixelSize | null;
  objectivePower: number | null;
  /** JSON-ready facts for `section.properties`. */
  properties: Record<string, string | number | null | SlideLevel[] | Record<string, string>>;
}

// File format by OpenSlide vendor; OpenSlide detects all of these by content.
const VENDOR_FORMAT: Record<string, string> = {
  aperio: "svs",
  hamamatsu: "ndpi",
  leica: "scn",
  ventana: "bif",
  philips: "tiff",
  trestle: "tiff",
  "generic-tiff": "tiff",
};
// Scanner fields worth keeping; the rest (shading tables, hashes) is noise.
const MAX_VENDOR_FIELDS = 40;
const MAX_FIELD_LENGTH = 200;

function readLevels(fields: Record<string, string>, header: VipsHeader): SlideLevel[] {
  const count = Number(fields["openslide.level-count"]);
  if (!Number.isInteger(count) || count < 1) {
    return [{ width: header.width, height: header.height, downsample: 1 }];
  }
  return Array.from({ length: count }, (_, i) => ({
    width: Number(fields[`openslide.level[${i}].width`]),
    height: Number(fields[`openslide.level[${i}].height`]),
    downsample: Number(fields[`openslide.level[${i}].downsample`]),
  }));
}

function pickVendorFields(fields: Record<string, string>, vendor: string): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (Object.keys(picked).length >= MAX_VENDOR_FIELDS) break;
    const isScannerField = name.startsWith(`${vendor}.`) || name.startsWith("tiff.");
    if (isScannerField && value.length <= MAX_FIELD_LENGTH && !name.includes("ImageDescription")) {
      picked[name] = value;
    }
  }
  return picked;
}

function classifyTiff(description: string): string {
  if (/<OME[\s>]/.test(description)) return "ome-tiff";
  if (description.includes("PerkinElmer-QPI")) return "perkinelmer-qptiff";
  return "generic-tiff";
}

/**
 * Describes an image from its vips header.
 * @throws RangeError when the loader is not one of SUPPORTED_LOADERS.
 */
export function describeSlide(header: VipsHeader): SlideDescription {
  const { loader, fields } = header;
  if (!isSupportedLoader(loader)) {
    throw new RangeError(`loader must be one of ${SUPPORTED_LOADERS.join(", ")}, got ${loader}`);
  }
  const description = fields["image-description"] ?? "";
  let vendor: string;
  let format: string;
  if (loader === "openslideload") {
    vendor = fields["openslide.vendor"] ?? "openslide";
    format = VENDOR_FORMAT[vendor] ?? vendor;
  } else if (loader === "tiffload") {
    vendor = classifyTiff(description);
    format = vendor === "ome-tiff" ? "ome-tiff" : "tiff";
  } else {
    vendor = loader === "jpegload" ? "jpeg" : "png";
    format = vendor;
  }
  const pixelSize = resolvePixelSize(fields);
  const objective = Number(fields["openslide.objective-power"] ?? fields["aperio.AppMag"]);
  const objectivePower = Number.isFinite(objective) && objective > 0 ? objective : null;
  const levels = readLevels(fields, header);
  const pages = Number(fields["n-pages"]);
  return {
    loader,
    format,
    vendor,
    isVendorSlide: loader === "openslideload",
    width: header.width,
    height: header.height,
    bands: header.bands,
    levels,
    pixelSize,
    objectivePower,
    properties: {
      loader,
      format,
      levels,
      pages: Number.isInteger(pages) ? pages : null,
      objectivePower,
      filePixelSizeUm: pixelSize?.pixelSizeUm ?? null,
      filePixelSizeSource: pixelSize?.source ?? null,
      mppX: fields["openslide.mpp-x"] ?? null,
      mppY: fields["openslide.mpp-y"] ?? null,
      scanner:
        fields["aperio.ScanScope ID"] ??
        fields["hamamatsu.Product"] ??
        fields["tiff.Model"] ??
        null,
      vendorFields: pickVendorFields(fields, vendor),
    },
  };
}
