/**
 * @module bench-tiles
 * `npm run bench:tiles [-- --slide PATH --clients 20 --requests 2000 --pixel-size UM]`
 *
 * Tile serving of a real whole slide (default: the Aperio CMU-1-Small-Region.svs
 * in ../shared/data/real/wsi), end to end on a throwaway database and storage:
 *  1. ingest: the real upload path (content detection, one transaction) and the
 *     real ingest job in an in-process worker (vips dzsave with OpenSlide):
 *     seconds from upload to a ready pyramid;
 *  2. serving: an HTTP server whose handlers call the same functions as the tile
 *     routes (`describeSectionTiles`, `readSectionTile`: membership check,
 *     pyramid lookup, storage read, ETag), for a signed-in member. next-auth's
 *     cookie decoding is not part of the measurement;
 *  3. time to first tile: a cold client's `tiles/info` request plus its first
 *     full-resolution tile;
 *  4. `--clients` concurrent clients (default 20) fetch `--requests` random tiles
 *     over all levels (most from the deepest ones, as a viewer does) without
 *     caching: latency p50/p95/p99 and tiles/s.
 * On a shared 2-core machine read the figures as upper bounds.
 */
import { createReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { isAppError } from "@myoscope/core/errors/app-error";
import { getDeepZoomLevelSize } from "@myoscope/core/wsi/deep-zoom";
import { createDb } from "@myoscope/db/client";
import { findJob } from "@myoscope/db/jobs";
import { startQueue } from "@myoscope/jobs/queue";
import { createLocalStorage } from "@myoscope/storage/local-storage";
import {
  describeSectionTiles,
  readSectionTile,
  type SectionTilesInfo,
} from "@myoscope/web/server/sections/read-section-tiles";
import { uploadSection } from "@myoscope/web/server/sections/upload-section";
import { startWorker } from "@myoscope/worker/start-worker";
import {
  createTestProject,
  createTestSubject,
  createTestUser,
} from "../../test/support/factories.ts";
import { withTestDatabase } from "../../test/support/test-database.ts";

const DEFAULT_SLIDE = resolve(
  import.meta.dirname,
  "../../../shared/data/real/wsi/aperio/CMU-1-Small-Region.svs",
);

const { values } = parseArgs({
  options: {
    slide: { type: "string", default: DEFAULT_SLIDE },
    clients: { type: "string", default: "20" },
    requests: { type: "string", default: "2000" },
    "pixel-size": { type: "string" },
  },
});

function positiveInteger(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) {
    throw new RangeError(`--${name} must be a positive integer, got ${text}`);
  }
  return value;
}

const clients = positiveInteger("clients", values.clients);
const requests = positiveInteger("requests", values.requests);
const pixelSizeUm = values["pixel-size"] === undefined ? null : Number(values["pixel-size"]);

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** The tile routes' handlers for one signed-in member (the route files do exactly this after requireUser). */
function createTileServer(
  deps: Parameters<typeof readSectionTile>[0],
  userId: string,
): ReturnType<typeof createServer> {
  const TILE =
    /^\/api\/projects\/([^/]+)\/sections\/([^/]+)\/tiles\/(?:(info)|(\d+)\/(\d+)_(\d+)\.jpg)$/;
  return createServer(async (request: IncomingMessage, response: ServerResponse) => {
    const match = TILE.exec(new URL(request.url ?? "/", "http://bench").pathname);
    try {
      if (!match?.[1] || !match[2]) throw Object.assign(new Error("no route"), { status: 404 });
      const ids = { projectId: match[1], sectionId: match[2], userId };
      if (match[3]) {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify(await describeSectionTiles(deps, ids)));
        return;
      }
      const tile = await readSectionTile(deps, {
        ...ids,
        level: Number(match[4]),
        col: Number(match[5]),
        row: Number(match[6]),
      });
      response.writeHead(200, {
        "content-type": "image/jpeg",
        etag: tile.etag,
        "cache-control": "private, max-age=300, must-revalidate",
      });
      response.end(tile.body);
    } catch (error) {
      response.writeHead(isAppError(error) && error.code === "NOT_FOUND" ? 404 : 500);
      response.end();
    }
  });
}

/** Random tiles, 60 % from the deepest level, 25 % from the one above, the rest anywhere. */
function pickTiles(info: SectionTilesInfo, count: number): string[] {
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const roll = Math.random();
    const level =
      roll < 0.6
        ? info.maxLevel
        : roll < 0.85
          ? info.maxLevel - 1
          : Math.floor(Math.random() * (info.maxLevel + 1));
    const size = getDeepZoomLevelSize(info, level);
    const col = Math.floor(Math.random() * size.columns);
    const row = Math.floor(Math.random() * size.rows);
    paths.push(`${level}/${col}_${row}.jpg`);
  }
  return paths;
}

async function main(): Promise<void> {
  console.log(`slide: ${values.slide}`);
  await withTestDatabase(async (databaseUrl) => {
    const storageDir = await mkdtemp(join(tmpdir(), "myoscope-bench-tiles-"));
    const db = createDb(databaseUrl, { poolSize: 8 });
    const queue = await startQueue(databaseUrl, { poolSize: 2 });
    const storage = createLocalStorage(storageDir);
    const worker = await startWorker({
      databaseUrl,
      storageDir,
      concurrency: 1,
      pollIntervalSeconds: 0.5,
      maintenanceIntervalSeconds: 30,
      failpoints: "",
      builtinModelPath: null,
      log: () => undefined,
    });
    try {
      const user = await createTestUser(db);
      const project = await createTestProject(db, { ownerId: user.id });
      const subject = await createTestSubject(db, project.id);

      const ingestStart = performance.now();
      const { section, jobId } = await uploadSection(
        { db, getQueue: async () => queue, storage },
        {
          projectId: project.id,
          subjectId: subject.id,
          userId: user.id,
          originalFilename: values.slide.split("/").at(-1) ?? "slide",
          name: "",
          pixelSizeUm,
          stain: "H&E",
          preparation: "unknown",
          muscles: [],
          acquisitionNotes: "",
          declaredBytes: null,
          body: createReadStream(values.slide),
          maxBytes: 4 * 1024 ** 3,
        },
      );
      const uploadMs = performance.now() - ingestStart;
      for (;;) {
        const job = await findJob(db, { jobId });
        if (job?.status === "succeeded") break;
        if (job?.status === "failed") throw new Error(`ingest failed: ${job.error}`);
        await new Promise((done) => setTimeout(done, 100));
      }
      const ingestMs = performance.now() - ingestStart;

      const server = createTileServer({ db, storage }, user.id);
      await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/projects/${project.id}/sections/${section.id}/tiles`;

      const firstStart = performance.now();
      const info = (await (await fetch(`${base}/info`)).json()) as SectionTilesInfo;
      const first = await fetch(`${base}/${info.maxLevel}/0_0.jpg`);
      await first.arrayBuffer();
      const firstTileMs = performance.now() - firstStart;
      if (first.status !== 200) throw new Error(`first tile answered ${first.status}`);

      const work = pickTiles(info, requests);
      const latencies: number[] = [];
      let bytes = 0;
      let failures = 0;
      let next = 0;
      const loadStart = performance.now();
      await Promise.all(
        Array.from({ length: clients }, async () => {
          for (;;) {
            const index = next++;
            const path = work[index];
            if (path === undefined) return;
            const start = performance.now();
            const response = await fetch(`${base}/${path}`);
            const body = await response.arrayBuffer();
            latencies.push(performance.now() - start);
            if (response.status === 200) bytes += body.byteLength;
            else failures++;
          }
        }),
      );
      const loadMs = performance.now() - loadStart;
      await new Promise((done) => server.close(done));
      latencies.sort((a, b) => a - b);

      const ms = (value: number) => `${value.toFixed(1)} ms`;
      console.log(
        `pyramid: ${info.width}×${info.height} px, ${info.maxLevel + 1} levels, ${info.tileSize} px tiles, ${info.pixelSizeUm} µm/px`,
      );
      console.log(
        `ingest: upload ${ms(uploadMs)}, upload → pyramid ready ${(ingestMs / 1000).toFixed(2)} s`,
      );
      console.log(`time to first tile (cold client: tiles/info + first tile): ${ms(firstTileMs)}`);
      console.log(
        `${clients} concurrent clients, ${requests} random tiles: p50 ${ms(percentile(latencies, 50))}, p95 ${ms(percentile(latencies, 95))}, p99 ${ms(percentile(latencies, 99))}, max ${ms(latencies.at(-1) ?? Number.NaN)}`,
      );
      console.log(
        `throughput: ${((requests / loadMs) * 1000).toFixed(0)} tiles/s, ${(bytes / 1024 / requests).toFixed(1)} kB/tile, ${failures} failed`,
      );
    } finally {
      await worker.stop();
      await queue.stop({ graceful: false, wait: true, timeout: 5_000 });
      await db.$disconnect();
      await rm(storageDir, { recursive: true, force: true });
    }
  });
}

await main();
