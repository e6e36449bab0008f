/**
 * @module wsi/check-vips-support
 * Whether Debian's `vips` with OpenSlide is installed. Without it, ordinary
 * PNG/JPEG/TIFF images still work through sharp; vendor slides (SVS, NDPI, ...)
 * are refused with a message that says what to install.
 */
import { runVips } from "./run-vips.ts";

export interface VipsSupport {
  hasVips: boolean;
  hasOpenslide: boolean;
  version: string | null;
  /** One line for logs and error messages. */
  message: string;
}

export const VIPS_INSTALL_HINT =
  "install Debian's libvips-tools and openslide-tools (apt-get install libvips-tools openslide-tools)";

async function detectVipsSupport(): Promise<VipsSupport> {
  let version: string;
  try {
    version = (await runVips("vips", ["--version"], { timeoutMs: 10_000 })).trim();
  } catch {
    return {
      hasVips: false,
      hasOpenslide: false,
      version: null,
      message: `vips not found: whole-slide formats (SVS, NDPI, ...) are disabled; ${VIPS_INSTALL_HINT}`,
    };
  }
  const operations = await runVips("vips", ["-l"], { timeoutMs: 10_000 }).catch(() => "");
  const hasOpenslide = /\bopenslideload\b/.test(operations);
  return {
    hasVips: true,
    hasOpenslide,
    version,
    message: hasOpenslide
      ? `${version} with OpenSlide: whole-slide formats enabled`
      : `${version} has no openslideload: whole-slide formats (SVS, NDPI, ...) are disabled; ${VIPS_INSTALL_HINT}`,
  };
}

let cached: Promise<VipsSupport> | undefined;

/** Detected once per process. */
export function getVipsSupport(): Promise<VipsSupport> {
  cached ??= detectVipsSupport();
  return cached;
}
