/**
 * @module read-section-tiles
 * Serves a section's DeepZoom pyramid (CONTRACTS.md): its descriptor and single
 * tiles, to project members only. Non-members and ids of other projects get
 * NOT_FOUND, so neither project nor section ids can be probed. Each pyramid
 * build has its own storage version, so a tile's bytes never change under
 * one ETag and can be cached as immutable when the URL names that version.
 */
import { AppError } from "@myoscope/core/errors/app-error";
import {
  formatDeepZoomTilePath,
  getDeepZoomMaxLevel,
  isDeepZoomTile,
} from "@myoscope/core/wsi/deep-zoom";
import { findSectionPyramid, type SectionPyramidDto } from "@myoscope/db/sections";
import type { AppDeps } from "../deps.ts";
import { requireProjectRole } from "../projects/require-project-role.ts";

export interface SectionTilesInput {
  projectId: string;
  sectionId: string;
  userId: string;
}

export interface SectionTilesInfo {
  width: number;
  height: number;
  tileSize: number;
  maxLevel: number;
  pixelSizeUm: number;
  format: "jpg";
  /** Changes whenever the pyramid is rebuilt; append `?v=` to tile URLs for immutable caching. */
  version: string;
}

async function requirePyramid(
  deps: Pick<AppDeps, "db">,
  input: SectionTilesInput,
): Promise<SectionPyramidDto> {
  await requireProjectRole(deps.db, { ...input, minRole: "viewer" });
  const pyramid = await findSectionPyramid(deps.db, input);
  if (!pyramid) throw new AppError("NOT_FOUND", "section not found or its tiles are not ready");
  return pyramid;
}

/** The pyramid's storage version: the `pyramid-<version>` folder of its key. */
export function getPyramidVersion(pyramidKey: string): string {
  return /pyramid-([A-Za-z0-9-]+)\//.exec(pyramidKey)?.[1] ?? pyramidKey;
}

export async function describeSectionTiles(
  deps: Pick<AppDeps, "db">,
  input: SectionTilesInput,
): Promise<SectionTilesInfo> {
  const pyramid = await requirePyramid(deps, input);
  return {
    width: pyramid.width,
    height: pyramid.height,
    tileSize: pyramid.tileSize,
    maxLevel: getDeepZoomMaxLevel(pyramid.width, pyramid.height),
    pixelSizeUm: pyramid.pixelSizeUm,
    format: "jpg",
    version: getPyramidVersion(pyramid.pyramidKey),
  };
}

export interface SectionTile {
  body: Buffer;
  /** Strong ETag, unique per pyramid version and tile. */
  etag: string;
  version: string;
}

export async function readSectionTile(
  deps: Pick<AppDeps, "db" | "storage">,
  input: SectionTilesInput & { level: number; col: number; row: number },
): Promise<SectionTile> {
  const pyramid = await requirePyramid(deps, input);
  const tile = { level: input.level, col: input.col, row: input.row };
  if (!isDeepZoomTile(pyramid, tile)) {
    throw new AppError(
      "NOT_FOUND",
      `no tile ${tile.level}/${tile.col}_${tile.row} in this pyramid`,
    );
  }
  const key = `${pyramid.pyramidKey}_files/${formatDeepZoomTilePath(tile)}`;
  let body: Buffer;
  try {
    body = await deps.storage.get(key);
  } catch {
    throw new AppError("NOT_FOUND", `tile ${tile.level}/${tile.col}_${tile.row} is missing`);
  }
  const version = getPyramidVersion(pyramid.pyramidKey);
  return { body, etag: `"${version}-${tile.level}-${tile.col}-${tile.row}"`, version };
}
