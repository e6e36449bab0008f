/**
 * @module viewer/serve-overlay-tile
 * The overlay tile route without its session lookup (so tests drive it with a
 * user id): membership first, then the tile address and query, then the PNG.
 * Every failure is a JSON error response; a non-member gets 404, as for any
 * other file of a project.
 */
import { AppError } from "@myoscope/core/errors/app-error";
import { isFiberFeatureKey, isOverlayMode } from "@myoscope/core/viewer/overlay-modes";
import type { AppDeps } from "../deps.ts";
import { toErrorResponse } from "../http/error-response.ts";
import { requireProjectRole } from "../projects/require-project-role.ts";
import { renderRunOverlayTile } from "./render-run-overlay-tile.ts";

const TILE = /^(\d{1,6})_(\d{1,6})\.png$/;

function readNumber(params: URLSearchParams, name: string): number | undefined {
  const raw = params.get(name);
  if (raw === null || raw === "") return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) {
    throw new AppError("BAD_REQUEST", `${name} must be a number, got "${raw}"`);
  }
  return value;
}

export async function serveOverlayTile(
  deps: Pick<AppDeps, "db" | "storage">,
  input: {
    userId: string;
    projectId: string;
    runId: string;
    level: string;
    tile: string;
    query: URLSearchParams;
  },
): Promise<Response> {
  try {
    const { projectId, runId, level, tile, query } = input;
    await requireProjectRole(deps.db, { projectId, userId: input.userId, minRole: "viewer" });
    const match = TILE.exec(tile);
    if (!/^\d{1,2}$/.test(level) || !match) throw new AppError("NOT_FOUND", "no such tile");
    const mode = query.get("mode") ?? "feature";
    const feature = query.get("feature") ?? "minFeretUm";
    if (!isOverlayMode(mode)) throw new AppError("BAD_REQUEST", `unknown overlay mode "${mode}"`);
    if (!isFiberFeatureKey(feature)) {
      throw new AppError("BAD_REQUEST", `unknown feature "${feature}"`);
    }
    const numbers: Record<string, number> = {};
    for (const name of ["min", "max", "lo", "hi"]) {
      const value = readNumber(query, name);
      if (value !== undefined) numbers[name] = value;
    }
    const png = await renderRunOverlayTile(deps, {
      projectId,
      runId,
      level: Number(level),
      column: Number(match[1]),
      row: Number(match[2]),
      mode,
      feature,
      ...numbers,
    });
    return new Response(new Uint8Array(png), {
      headers: {
        "content-type": "image/png",
        // With the run version in the URL a tile never changes; without it, revalidate.
        "cache-control": query.has("v") ? "private, max-age=86400" : "private, no-cache",
      },
    });
  } catch (error) {
    return toErrorResponse(error);
  }
}
