/**
 * @module bench-cohort
 * `npm run bench:cohort [-- --subjects 40 --sections 3 --fibers 8500 --repeats 30]`
 * Seeds a throwaway database with a cohort of ≥ 1,000,000 fibers (WT and
 * DKO-like subjects, two muscle regions), refreshes the fiber summaries run by
 * run as the segmentation job does, then times every dashboard query (p50/p95
 * over repeats, cycling through the 8 filter combinations). Target: p95 ≤ 300 ms.
 * For comparison it also times the alternative the dashboard does not use:
 * exact abnormal-fiber counts by a grouped scan of the fibers.
 */
import { randomUUID } from "node:crypto";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { buildCohortDashboard } from "@myoscope/core/cohort/build-cohort-dashboard";
import { createDb, withTransaction } from "@myoscope/db/client";
import {
  listCohortSections,
  listCohortSummaries,
  listSucceededRuns,
} from "@myoscope/db/cohort-queries";
import { insertSyntheticRun, insertSyntheticSection } from "@myoscope/db/cohort-synthetic";
import { refreshFiberSummaries } from "@myoscope/db/fiber-summaries";
import { getCohortDashboard } from "../../apps/web/src/server/cohort/get-cohort-dashboard.ts";
import { withTestDatabase } from "../../test/support/test-database.ts";

const { values: args } = parseArgs({
  options: {
    subjects: { type: "string", default: "40" },
    sections: { type: "string", default: "3" },
    fibers: { type: "string", default: "8500" },
    repeats: { type: "string", default: "30" },
  },
});
const SUBJECTS = Number(args.subjects);
const SECTIONS = Number(args.sections);
const FIBERS = Number(args.fibers);
const REPEATS = Number(args.repeats);

function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

async function time(fn: (i: number) => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  await fn(0); // warm-up: plan cache, connection
  const ms: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const started = performance.now();
    await fn(i);
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 0.5), p95: percentile(ms, 0.95) };
}

await withTestDatabase(async (url) => {
  const db = createDb(url, { poolSize: 4 });
  try {
    const suffix = randomUUID().slice(0, 8);
    const user = await db.user.create({
      data: { email: `bench-${suffix}@example.test`, name: "bench" },
      select: { id: true },
    });
    const org = await db.organization.create({
      data: { name: "bench", slug: `bench-${suffix}` },
      select: { id: true },
    });
    const project = await db.project.create({
      data: { organizationId: org.id, name: "bench cohort" },
      select: { id: true },
    });
    const model = await db.segmentationModel.create({
      data: {
        name: "bench",
        version: "1",
        storageKey: "m",
        sha256: suffix,
        byteSize: 1,
        mpp: 0.78,
        tileSize: 512,
        tileOverlap: 64,
        classes: ["background", "fiber", "boundary"],
        metadata: {},
      },
      select: { id: true },
    });
    const seedStarted = performance.now();
    const refreshMs: number[] = [];
    for (let s = 0; s < SUBJECTS; s++) {
      const isWt = s % 2 === 0;
      const subject = await db.subject.create({
        data: { projectId: project.id, identifier: `M${s}`, group: isWt ? "WT" : "DKO Hom" },
        select: { id: true },
      });
      for (let k = 0; k < SECTIONS; k++) {
        const sectionId = await insertSyntheticSection(db, {
          projectId: project.id,
          subjectId: subject.id,
          uploadedById: user.id,
          name: `M${s}-${k}`,
        });
        const shift = (s % 5) - 2;
        const runId = await withTransaction(
          db,
          (tx) =>
            insertSyntheticRun(tx, {
              projectId: project.id,
              sectionId,
              modelId: model.id,
              createdById: user.id,
              fiberCount: FIBERS,
              meanUm: (isWt ? 44 : 36) + shift,
              stdUm: isWt ? 8 : 12,
              connectiveFraction: isWt ? 0.08 : 0.18,
              connectiveThicknessMeanUm: isWt ? 3 : 5.5,
              isRefreshed: false,
              regions: [
                {
                  name: "M. soleus",
                  share: 0.35,
                  meanUm: (isWt ? 38 : 28) + shift,
                  stdUm: isWt ? 7 : 11,
                  connectiveFraction: isWt ? 0.1 : 0.25,
                  connectiveThicknessMeanUm: isWt ? 3.4 : 7,
                },
                {
                  name: "M. gastrocnemius",
                  share: 0.65,
                  meanUm: (isWt ? 47 : 40) + shift,
                  stdUm: isWt ? 8 : 12,
                  connectiveFraction: isWt ? 0.07 : 0.15,
                  connectiveThicknessMeanUm: isWt ? 2.8 : 4.8,
                },
              ],
            }),
          { timeoutMs: 120_000 },
        );
        // The refresh alone: what the segmentation job's commit pays on top of the fibers.
        const started = performance.now();
        await withTransaction(db, (tx) => refreshFiberSummaries(tx, { runId }), {
          timeoutMs: 120_000,
        });
        refreshMs.push(performance.now() - started);
      }
      if ((s + 1) % 10 === 0) {
        console.log(
          `  … ${s + 1}/${SUBJECTS} subjects seeded (${((performance.now() - seedStarted) / 1000).toFixed(0)} s)`,
        );
      }
    }
    await db.$executeRawUnsafe("analyze");
    const fiberCount = await db.fiber.count({ where: { projectId: project.id } });
    const summaryRows = await db.fiberSummary.count({ where: { projectId: project.id } });
    refreshMs.sort((a, b) => a - b);
    console.log(
      `seeded ${SUBJECTS} subjects × ${SECTIONS} sections = ${SUBJECTS * SECTIONS} sections, ` +
        `${fiberCount.toLocaleString("en")} fibers, ${summaryRows} summary rows ` +
        `in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`,
    );
    console.log(
      `refreshFiberSummaries per run (${FIBERS} fibers): p50 ${percentile(refreshMs, 0.5).toFixed(1)} ms, ` +
        `p95 ${percentile(refreshMs, 0.95).toFixed(1)} ms`,
    );
    const projectId = project.id;
    const queries: [string, (i: number) => Promise<unknown>][] = [
      ["listCohortSections", () => listCohortSections(db, { projectId })],
      ["listCohortSummaries", (i) => listCohortSummaries(db, { projectId, filterMask: i % 8 })],
      ["listSucceededRuns", () => listSucceededRuns(db, { projectId })],
      [
        "getCohortDashboard (all of the above + statistics)",
        (i) =>
          getCohortDashboard(db, {
            projectId,
            query: {
              isShapeFilterOnly: (i & 1) === 1,
              isExclusionsApplied: (i & 2) === 2,
              isEdgeDropped: (i & 4) === 4,
              referenceGroup: i % 3 === 0 ? "DKO Hom" : "WT",
              k: 2,
            },
          }),
      ],
      [
        "(not used) exact abnormal counts by scanning fibers",
        () =>
          db.$queryRawUnsafe(
            `select f.section_id, coalesce(f.region_name, '') as region,
               count(*) filter (where f.min_feret_um < 28 or f.min_feret_um > 60) as abnormal,
               count(*) as n
             from fibers f where f.project_id = $1 and f.in_muscle_mask and f.passes_shape_filter
             group by 1, 2`,
            projectId,
          ),
      ],
    ];
    const prefetched = {
      sections: await listCohortSections(db, { projectId }),
      summaries: await listCohortSummaries(db, { projectId, filterMask: 3 }),
    };
    queries.push([
      "buildCohortDashboard alone (statistics in JS)",
      (i) =>
        Promise.resolve(
          buildCohortDashboard(prefetched.sections, prefetched.summaries, {
            referenceGroup: i % 2 ? "WT" : "DKO Hom",
          }),
        ),
    ]);
    const load = loadavg()
      .map((l) => l.toFixed(1))
      .join(" ");
    console.log(
      `\nquery timings over ${REPEATS} repeats (target p95 ≤ 300 ms), load average ${load}:`,
    );
    for (const [name, fn] of queries) {
      const { p50, p95 } = await time(fn);
      const verdict = name.startsWith("(not used)") ? "" : p95 <= 300 ? "  ok" : "  OVER TARGET";
      console.log(
        `  ${name.padEnd(52)} p50 ${p50.toFixed(1).padStart(7)} ms   p95 ${p95.toFixed(1).padStart(7)} ms${verdict}`,
      );
    }
  } finally {
    await db.$disconnect();
  }
});
