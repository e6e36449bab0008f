/**
 * @module viewer/render-overlay-tile
 * One 256² overlay tile as RGBA from a run's raw rasters: sample the labels (or
 * mask) the tile covers, then colour them through a per-label palette. No
 * database access, so the benchmark drives exactly this code.
 */

import { packRgba } from "@myoscope/core/viewer/build-overlay-palette";
import {
  getDeepZoomMaxLevel,
  getLevelDownsample,
  getTilePixelRect,
} from "@myoscope/core/viewer/deep-zoom-grid";
import { renderLabelTile } from "@myoscope/core/viewer/render-label-tile";
import sharp from "sharp";
import { type RawRaster, sampleRasterTile } from "./raw-raster.ts";

/** Overlay tiles are always this size, whatever the base pyramid uses. */
export const OVERLAY_TILE_SIZE = 256;

export interface TileAddress {
  level: number;
  column: number;
  row: number;
}

function locateTile(image: { width: number; height: number }, tile: TileAddress) {
  const shape = { ...image, tileSize: OVERLAY_TILE_SIZE };
  const rect = getTilePixelRect(shape, tile);
  const downsample = getLevelDownsample(tile.level, getDeepZoomMaxLevel(image.width, image.height));
  return { rect, downsample };
}

/** RGBA of a label-based overlay tile, or null when it has nothing to draw. */
export async function renderLabelOverlayTile(
  raster: RawRaster,
  image: { width: number; height: number },
  tile: TileAddress,
  options: { palette: Uint32Array; style: "fill" | "outline" },
): Promise<Uint8Array | null> {
  const { rect, downsample } = locateTile(image, tile);
  const labels = new Uint16Array(OVERLAY_TILE_SIZE * OVERLAY_TILE_SIZE);
  const { validWidth, validHeight } = await sampleRasterTile(raster, {
    rect,
    downsample,
    imageWidth: image.width,
    imageHeight: image.height,
    tileSize: OVERLAY_TILE_SIZE,
    out: labels,
  });
  const rgba = renderLabelTile(labels, options.palette, {
    tileSize: OVERLAY_TILE_SIZE,
    validWidth,
    validHeight,
    style: options.style,
  });
  return isTransparent(rgba) ? null : rgba;
}

const CONNECTIVE = packRgba(20, 184, 166, 190);

/** RGBA of a connective-tissue (8-bit mask) or thickness (RGBA map) tile, or null if empty. */
export async function renderMaskOverlayTile(
  raster: RawRaster,
  image: { width: number; height: number },
  tile: TileAddress,
): Promise<Uint8Array | null> {
  const { rect, downsample } = locateTile(image, tile);
  const size = OVERLAY_TILE_SIZE * OVERLAY_TILE_SIZE;
  const rgba = new Uint8Array(size * 4);
  const pixels = new Uint32Array(rgba.buffer);
  const common = {
    rect,
    downsample,
    imageWidth: image.width,
    imageHeight: image.height,
    tileSize: OVERLAY_TILE_SIZE,
  };
  if (raster.format === "rgba") {
    await sampleRasterTile(raster, { ...common, out: pixels });
  } else {
    const mask = new Uint8Array(size);
    const { validWidth, validHeight } = await sampleRasterTile(raster, { ...common, out: mask });
    for (let y = 0; y < validHeight; y++) {
      for (let x = 0; x < validWidth; x++) {
        const i = y * OVERLAY_TILE_SIZE + x;
        if ((mask[i] as number) >= 128) pixels[i] = CONNECTIVE;
      }
    }
  }
  return isTransparent(rgba) ? null : rgba;
}

function isTransparent(rgba: Uint8Array): boolean {
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i] !== 0) return false;
  return true;
}

/** PNG of a tile; low compression because tiles are made on demand and cached by the browser. */
export function encodeTilePng(rgba: Uint8Array): Promise<Buffer> {
  return sharp(rgba, { raw: { width: OVERLAY_TILE_SIZE, height: OVERLAY_TILE_SIZE, channels: 4 } })
    .png({ compressionLevel: 2, adaptiveFiltering: false })
    .toBuffer();
}

let emptyTile: Promise<Buffer> | undefined;

/** The fully transparent tile, encoded once. */
export function getEmptyTilePng(): Promise<Buffer> {
  emptyTile ??= encodeTilePng(new Uint8Array(OVERLAY_TILE_SIZE * OVERLAY_TILE_SIZE * 4));
  return emptyTile;
}
