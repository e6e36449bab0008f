"use client";

import Link from "next/link";
import { useState } from "react";
import { Alert, Card, ProgressBar } from "~/components/ui";
import { api } from "~/trpc/react";
import {
  formatArea,
  formatNumber,
  formatPercent,
  getRunDisplayStatus,
  isActiveStatus,
  readRunSummary,
} from "../segmentation-format";
import { RunStatusBadge } from "../segmentation-runs-card";
import { FiberTable } from "./fiber-table";
import { HistogramChart } from "./histogram-chart";
import { RunEvaluationCard } from "./run-evaluation-card";
import { RunRegionsCard } from "./run-regions-card";

type Population = "postProcessed" | "segmentation" | "shapeFilter";

const POPULATIONS: { value: Population; label: string; hint: string }[] = [
  { value: "shapeFilter", label: "Shape Filter", hint: "in the muscle mask, circularity in range" },
  { value: "segmentation", label: "Segmentation", hint: "fibers inside the muscle mask" },
  { value: "postProcessed", label: "Post processed", hint: "every fiber after size filtering" },
];

function Stat({
  label,
  value,
  detail,
  testId,
}: {
  label: string;
  value: string;
  detail?: string;
  testId?: string;
}) {
  return (
    <div className="rounded-md bg-slate-50 px-3 py-2 ring-1 ring-slate-100" data-testid={testId}>
      <div className="text-xs text-slate-500">{label}</div>
      <div className="text-lg font-semibold tabular-nums text-slate-900">{value}</div>
      {detail ? <div className="text-xs text-slate-500">{detail}</div> : null}
    </div>
  );
}

function LegendSwatch({ colour, label }: { colour: string; label: string }) {
  return (
    <span className="inline-flex items-center gap-1">
      <span className="inline-block h-2.5 w-4 rounded-sm" style={{ background: colour }} />
      {label}
    </span>
  );
}

export function SegmentationRunView({ projectId, runId }: { projectId: string; runId: string }) {
  const run = api.segmentation.get.useQuery(
    { projectId, runId },
    {
      refetchInterval: (query) =>
        query.state.data && isActiveStatus(getRunDisplayStatus(query.state.data)) ? 1000 : false,
    },
  );
  const [population, setPopulation] = useState<Population>("shapeFilter");
  const isDone = run.data?.status === "succeeded";
  const diameters = api.segmentation.diameters.useQuery(
    { projectId, runId, population },
    { enabled: isDone, placeholderData: (previous) => previous },
  );

  if (run.error) return <Alert>{run.error.message}</Alert>;
  if (!run.data) return <p className="text-sm text-slate-500">Loading run…</p>;
  const data = run.data;
  const status = getRunDisplayStatus(data);
  const summary = readRunSummary(data.summary);
  const fileUrl = (kind: string) =>
    // The finish time busts the browser cache when a re-run rewrites the pictures.
    `/api/projects/${projectId}/segmentation-runs/${runId}/${kind}?v=${data.finishedAt?.getTime() ?? 0}`;
  const thicknessRampUm = 2 * (summary?.localThickness?.meanUm ?? 10) || 20;
  const tissue = summary?.connectiveTissue.segmentation;

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <Link
            href={`/projects/${projectId}/segmentation`}
            className="text-sm text-slate-600 hover:text-slate-900"
          >
            ← All segmentation runs
          </Link>
          <h2 className="flex items-center gap-2 text-lg font-semibold text-slate-900">
            {data.section.name} <RunStatusBadge run={data} />
          </h2>
          <p className="text-xs text-slate-500">
            Model {data.model.name} {data.model.version} · parameter set v{data.paramsVersion} ·{" "}
            {data.createdAt.toLocaleString()}
            {summary?.image
              ? ` · ${summary.image.width}×${summary.image.height} px at ${summary.image.mpp} µm/px`
              : ""}
            {summary?.totalMs ? ` · ${formatNumber(summary.totalMs / 1000, 1)} s` : ""}
          </p>
        </div>
        {isDone ? (
          <Link
            href={`/projects/${projectId}/sections/${data.section.id}?run=${runId}&overlay=feature&feature=minFeretUm`}
            className="rounded-md bg-white px-3 py-1.5 text-sm font-medium text-slate-800 shadow-sm ring-1 ring-slate-300 hover:bg-slate-100"
          >
            Open in viewer
          </Link>
        ) : null}
        {isDone ? (
          <a
            href={`/api/projects/${projectId}/segmentation-runs/${runId}/fibers.csv`}
            download
            className="rounded-md bg-eosin-600 px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-eosin-700"
          >
            Download fibers CSV
          </a>
        ) : null}
      </div>

      {isActiveStatus(status) ? (
        <Card title="In progress">
          <div className="flex flex-col gap-1 text-xs text-slate-600" data-testid="run-progress">
            <span>
              {status} · {data.job?.progress ?? 0}%
              {data.job?.message ? ` · ${data.job.message}` : ""}
            </span>
            <ProgressBar value={data.job?.progress ?? 0} label="Segmentation progress" />
          </div>
        </Card>
      ) : null}
      {status === "failed" ? (
        <Alert>Segmentation failed: {data.job?.error ?? "no reason recorded"}</Alert>
      ) : null}

      {isDone && summary ? (
        <>
          <div className="grid grid-cols-2 gap-3 md:grid-cols-3 lg:grid-cols-6">
            <Stat
              label="Fibers (post processed)"
              value={summary.counts.postProcessed.toLocaleString()}
              testId="count-post-processed"
            />
            <Stat
              label="Fibers (Segmentation)"
              value={summary.counts.segmentation.toLocaleString()}
              detail="inside the muscle mask"
              testId="count-segmentation"
            />
            <Stat
              label="Fibers (Shape Filter)"
              value={summary.counts.shapeFilter.toLocaleString()}
              detail="diagnostically relevant"
              testId="count-shape-filter"
            />
            <Stat
              label="Connective tissue"
              value={formatPercent(tissue?.fraction)}
              detail={tissue ? `of ${formatArea(tissue.muscleAreaUm2)} muscle` : undefined}
              testId="connective-tissue-fraction"
            />
            <Stat
              label="Mean local thickness"
              value={
                summary.localThickness
                  ? `${formatNumber(summary.localThickness.meanUm, 2)} µm`
                  : "–"
              }
              detail={
                summary.localThickness
                  ? `max ${formatNumber(summary.localThickness.maxUm, 1)} µm`
                  : "not computed"
              }
              testId="mean-local-thickness"
            />
            <Stat
              label="Median MinFeret"
              value={
                diameters.data?.medianUm !== null && diameters.data?.medianUm !== undefined
                  ? `${formatNumber(diameters.data.medianUm, 1)} µm`
                  : "–"
              }
              detail={POPULATIONS.find((p) => p.value === population)?.label ?? "Shape Filter"}
            />
          </div>

          <Card
            title="Fiber diameter (MinFeret)"
            actions={
              <fieldset className="flex gap-1" aria-label="Fiber set">
                {POPULATIONS.map((item) => (
                  <button
                    key={item.value}
                    type="button"
                    aria-pressed={population === item.value}
                    title={item.hint}
                    onClick={() => setPopulation(item.value)}
                    className={`rounded px-2 py-0.5 text-xs ring-1 ${population === item.value ? "bg-eosin-600 text-white ring-eosin-600" : "text-slate-700 ring-slate-300 hover:bg-slate-100"}`}
                  >
                    {item.label}
                  </button>
                ))}
              </fieldset>
            }
          >
            {diameters.error ? <Alert>{diameters.error.message}</Alert> : null}
            {diameters.data && diameters.data.count === 0 ? (
              <p className="text-sm text-slate-600">No fibers in this set.</p>
            ) : null}
            {diameters.data && diameters.data.count > 0 ? (
              <HistogramChart
                binStart={diameters.data.histogram.binStartUm}
                binWidth={diameters.data.histogram.binWidthUm}
                counts={diameters.data.histogram.counts}
                mean={diameters.data.meanUm}
                xLabel="MinFeret diameter (µm)"
                yLabel="Fibers"
                unit="µm"
                ariaLabel={`MinFeret histogram: ${diameters.data.count} fibers in ${diameters.data.histogram.binWidthUm} µm bins, mean ${formatNumber(diameters.data.meanUm, 1)} µm`}
                testId="min-feret-histogram"
              />
            ) : null}
          </Card>

          <div className="grid items-start gap-6 lg:grid-cols-2">
            <Card title="Fiber outlines">
              {/* biome-ignore lint/performance/noImgElement: authenticated API image */}
              <img
                src={fileUrl("overlay")}
                alt={`Fiber outlines over ${data.section.name}`}
                className="w-full rounded-md ring-1 ring-slate-200"
                data-testid="overlay-image"
              />
              <div className="mt-2 flex flex-wrap gap-3 text-xs text-slate-600">
                <LegendSwatch colour="rgb(20,200,90)" label="Shape Filter" />
                <LegendSwatch colour="rgb(245,165,0)" label="outside the circularity range" />
                <LegendSwatch colour="rgb(150,150,150)" label="outside the muscle mask" />
              </div>
            </Card>
            <Card title="Connective tissue: local thickness">
              {summary.localThickness ? (
                <>
                  <div className="rounded-md bg-slate-900/90 ring-1 ring-slate-200">
                    {/* biome-ignore lint/performance/noImgElement: authenticated API image */}
                    <img
                      src={fileUrl("thickness")}
                      alt={`Local thickness of the connective tissue of ${data.section.name}`}
                      className="w-full rounded-md"
                      data-testid="thickness-image"
                    />
                  </div>
                  <div className="mt-2 flex items-center gap-2 text-xs text-slate-600">
                    <span>0 µm</span>
                    <span
                      className="h-2.5 w-40 rounded-sm"
                      style={{
                        background: "linear-gradient(to right, rgb(40,60,200), rgb(255,230,30))",
                      }}
                    />
                    <span>≥ {formatNumber(thicknessRampUm, 1)} µm</span>
                  </div>
                  {summary.localThickness.histogram.counts.length > 0 ? (
                    <HistogramChart
                      binStart={0}
                      binWidth={summary.localThickness.histogram.binWidthUm}
                      counts={summary.localThickness.histogram.counts}
                      mean={summary.localThickness.meanUm}
                      xLabel="Local thickness (µm)"
                      yLabel="Pixels"
                      unit="µm"
                      ariaLabel="Local thickness distribution of the connective tissue"
                      barClassName="fill-hema-700"
                    />
                  ) : null}
                </>
              ) : (
                <p className="text-sm text-slate-600">
                  Local thickness was switched off for this run.
                </p>
              )}
            </Card>
          </div>

          <RunRegionsCard
            projectId={projectId}
            sectionId={data.section.id}
            summary={data.summary}
            onRefreshed={() => {
              void run.refetch();
              void diameters.refetch();
            }}
          />

          <RunEvaluationCard projectId={projectId} runId={runId} />

          <Card title="Fibers">
            <FiberTable projectId={projectId} runId={runId} total={data.fiberCount ?? 0} />
          </Card>
        </>
      ) : null}

      <details className="rounded-md border border-slate-200 bg-white p-3 text-xs">
        <summary className="cursor-pointer font-medium text-slate-700">Recorded parameters</summary>
        <pre className="mt-2 overflow-x-auto text-slate-700">
          {JSON.stringify(data.params, null, 2)}
        </pre>
      </details>
    </div>
  );
}
