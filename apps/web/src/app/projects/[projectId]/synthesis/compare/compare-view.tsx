"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { Alert, Button, Card } from "~/components/ui";
import { api, type RouterOutputs } from "~/trpc/react";

type Comparison = RouterOutputs["synthesis"]["compare"];

const SYNTHETIC_COLOURS = ["#c02f68", "#7c3aed", "#ea580c", "#db2777", "#a16207", "#9333ea"];
const REAL_COLOURS = ["#0d9488", "#2563eb", "#0891b2"];
const PLOT = { width: 640, height: 460, pad: 18 };

function colourOf(comparison: Comparison, dataset: number): string {
  const entry = comparison.datasets[dataset];
  const sameKind = comparison.datasets.slice(0, dataset).filter((d) => d.kind === entry?.kind);
  const palette = entry?.kind === "real" ? REAL_COLOURS : SYNTHETIC_COLOURS;
  return palette[sameKind.length % palette.length] ?? "#64748b";
}

function Scatter({ comparison }: { comparison: Comparison }) {
  const [hovered, setHovered] = useState<number | null>(null);
  const xs = comparison.points.map((p) => p.x);
  const ys = comparison.points.map((p) => p.y);
  const [xMin, xMax, yMin, yMax] = [
    Math.min(...xs),
    Math.max(...xs),
    Math.min(...ys),
    Math.max(...ys),
  ];
  const sx = (x: number) =>
    PLOT.pad + ((x - xMin) / (xMax - xMin || 1)) * (PLOT.width - 2 * PLOT.pad);
  const sy = (y: number) =>
    PLOT.height - PLOT.pad - ((y - yMin) / (yMax - yMin || 1)) * (PLOT.height - 2 * PLOT.pad);
  const point = hovered === null ? undefined : comparison.points[hovered];
  // Real patches on top: they are what the synthetic data must cover.
  const order = comparison.points
    .map((_, i) => i)
    .sort(
      (a, b) =>
        Number(comparison.datasets[comparison.points[a]?.dataset ?? 0]?.kind === "real") -
        Number(comparison.datasets[comparison.points[b]?.dataset ?? 0]?.kind === "real"),
    );

  return (
    <div className="relative">
      <svg
        viewBox={`0 0 ${PLOT.width} ${PLOT.height}`}
        className="h-auto w-full rounded-md bg-slate-50 ring-1 ring-slate-200"
        role="img"
        aria-label={`${comparison.method.toUpperCase()} embedding of ${comparison.points.length} patches`}
        data-testid="comparison-scatter"
      >
        {order.map((i) => {
          const p = comparison.points[i];
          if (!p) return null;
          const isReal = comparison.datasets[p.dataset]?.kind === "real";
          return (
            // biome-ignore lint/a11y/noStaticElementInteractions: hover only reveals the patch; legend and counts carry the data
            <circle
              key={i}
              cx={sx(p.x)}
              cy={sy(p.y)}
              r={hovered === i ? 7 : 4.5}
              fill={colourOf(comparison, p.dataset)}
              fillOpacity={isReal ? 0.9 : 0.7}
              stroke={isReal ? "#0f172a" : "white"}
              strokeWidth={isReal ? 0.8 : 0.6}
              onMouseEnter={() => setHovered(i)}
              onMouseLeave={() => setHovered(null)}
              data-dataset={p.dataset}
            />
          );
        })}
        <text
          x={PLOT.width - PLOT.pad}
          y={PLOT.height - 5}
          textAnchor="end"
          className="fill-slate-400 text-[10px]"
        >
          {comparison.method.toUpperCase()} 1 →
        </text>
        <text
          transform={`translate(10 ${PLOT.pad + 40}) rotate(-90)`}
          textAnchor="end"
          className="fill-slate-400 text-[10px]"
        >
          {comparison.method.toUpperCase()} 2 →
        </text>
      </svg>
      {point ? (
        <div
          data-testid="comparison-tooltip"
          className="pointer-events-none absolute z-10 flex w-44 flex-col gap-1 rounded-md bg-white p-2 text-xs shadow-lg ring-1 ring-slate-200"
          style={{
            left: `${Math.min(70, (100 * sx(point.x)) / PLOT.width)}%`,
            top: `${Math.min(65, (100 * sy(point.y)) / PLOT.height)}%`,
          }}
        >
          {/* biome-ignore lint/performance/noImgElement: a data URL */}
          <img
            src={point.thumbnailUrl}
            alt=""
            className="h-24 w-24 rounded [image-rendering:auto]"
          />
          <span className="font-medium">{comparison.datasets[point.dataset]?.label}</span>
          <span className="truncate text-slate-500">{point.source}</span>
        </div>
      ) : null}
    </div>
  );
}

export function CompareView({
  projectId,
  initialRunIds,
}: {
  projectId: string;
  initialRunIds: string[];
}) {
  const runs = api.synthesis.list.useQuery({ projectId });
  const sections = api.section.list.useQuery({ projectId });
  const finished = runs.data?.filter((run) => run.status === "succeeded") ?? [];
  const readySections = sections.data?.filter((section) => section.status === "ready") ?? [];
  const [selected, setSelected] = useState<string[] | null>(
    initialRunIds.length > 0 ? initialRunIds : null,
  );
  const [includeSections, setIncludeSections] = useState(true);
  const [submitted, setSubmitted] = useState<{ runIds: string[]; includeSections: boolean } | null>(
    null,
  );
  // Default selection: the newest finished run.
  const firstFinished = finished[0]?.id;
  useEffect(() => {
    if (selected === null && firstFinished) setSelected([firstFinished]);
  }, [selected, firstFinished]);
  const chosen = selected ?? [];

  const comparison = api.synthesis.compare.useQuery(
    {
      projectId,
      runIds: submitted?.runIds ?? [],
      includeSections: submitted?.includeSections ?? false,
      seed: 0,
    },
    {
      enabled: submitted !== null,
      staleTime: Number.POSITIVE_INFINITY,
      retry: false,
      refetchOnWindowFocus: false,
    },
  );
  const data = comparison.data;
  const canRun = chosen.length > 0 || (includeSections && readySections.length > 0);

  return (
    <div className="flex flex-col gap-6">
      <div>
        <Link
          href={`/projects/${projectId}/synthesis`}
          className="text-sm text-slate-600 hover:text-slate-900"
        >
          ← All synthetic datasets
        </Link>
        <h2 className="mt-1 text-xl font-semibold">Does the synthetic data cover the real data?</h2>
        <p className="max-w-3xl text-sm text-slate-600">
          Patches of synthetic runs and of this project's real sections, embedded together (as in
          Fig. 2c of Mill et al. 2025). Where real patches sit among synthetic ones, a model trained
          on the synthetic data has seen that kind of appearance.
        </p>
      </div>

      <div className="grid items-start gap-6 lg:grid-cols-[280px_minmax(0,1fr)]">
        <Card title="Datasets">
          <form
            className="flex flex-col gap-3 text-sm"
            onSubmit={(event) => {
              event.preventDefault();
              setSubmitted({ runIds: chosen, includeSections });
            }}
          >
            <fieldset className="flex flex-col gap-1.5">
              <legend className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">
                Synthetic runs
              </legend>
              {finished.length === 0 ? (
                <span className="text-slate-500">No finished runs yet.</span>
              ) : null}
              {finished.map((run) => (
                <label key={run.id} className="flex items-start gap-2">
                  <input
                    type="checkbox"
                    className="mt-0.5 accent-eosin-600"
                    checked={chosen.includes(run.id)}
                    disabled={!chosen.includes(run.id) && chosen.length >= 6}
                    onChange={(event) =>
                      setSelected(
                        event.target.checked
                          ? [...chosen, run.id]
                          : chosen.filter((id) => id !== run.id),
                      )
                    }
                  />
                  <span>
                    {run.name}
                    <span className="block text-xs text-slate-500">
                      {run.preset} · {run.count} × {run.size}²
                    </span>
                  </span>
                </label>
              ))}
            </fieldset>
            <label className="flex items-start gap-2">
              <input
                type="checkbox"
                className="mt-0.5 accent-eosin-600"
                checked={includeSections}
                onChange={(event) => setIncludeSections(event.target.checked)}
              />
              <span>
                Real sections of this project
                <span className="block text-xs text-slate-500">
                  {readySections.length} ready section{readySections.length === 1 ? "" : "s"},
                  grouped by preparation
                </span>
              </span>
            </label>
            <Button type="submit" disabled={!canRun || comparison.isFetching}>
              {comparison.isFetching ? "Embedding patches…" : "Compare"}
            </Button>
          </form>
        </Card>

        <Card title="Patch embedding">
          {comparison.error ? <Alert>{comparison.error.message}</Alert> : null}
          {!submitted ? (
            <p className="text-sm text-slate-500">Choose datasets and press Compare.</p>
          ) : null}
          {comparison.isFetching && !data ? (
            <p className="text-sm text-slate-500">
              Sampling patches, computing features, PCA and UMAP (a few seconds)…
            </p>
          ) : null}
          {data ? (
            <div className="flex flex-col gap-4">
              <Scatter comparison={data} />
              <ul
                className="flex flex-wrap gap-x-4 gap-y-1 text-sm"
                data-testid="comparison-legend"
              >
                {data.datasets.map((dataset, i) => (
                  <li key={dataset.key} className="inline-flex items-center gap-1.5">
                    <span
                      className="h-3 w-3 rounded-full"
                      style={{ background: colourOf(data, i) }}
                    />
                    {dataset.label}
                    <span className="text-xs text-slate-500">
                      {dataset.patchCount} patches from {dataset.sourceCount}{" "}
                      {dataset.kind === "real" ? "sections" : "images"}
                    </span>
                  </li>
                ))}
              </ul>
              {data.realCoveredBySynthetic !== null ? (
                <Alert kind="info">
                  <strong>{Math.round(100 * data.realCoveredBySynthetic)} %</strong> of real patches
                  lie within the synthetic data's k-nearest-neighbour manifold (k = 3, in PCA
                  feature space; Kynkäänniemi et al. 2019 recall).
                </Alert>
              ) : null}
              <p
                className="text-xs leading-relaxed text-slate-500"
                data-testid="comparison-features"
              >
                Features: {data.featureNames.length} colour and texture statistics per{" "}
                {data.patchSizePx} px patch resampled to {data.patchMpp} µm/px (tissue patches
                only): RGB mean and standard deviation; hematoxylin and eosin optical density
                (Ruifrok–Johnston colour deconvolution) mean and standard deviation; tissue
                fraction; gradient energy at 1 and 2 µm; local contrast; rotation-invariant uniform
                LBP(8,1) histogram. Standardised, reduced to {data.explainedVariance.length}{" "}
                principal components (
                {(100 * data.explainedVariance.reduce((a, b) => a + b, 0)).toFixed(1)} % of the
                variance), then{" "}
                {data.method === "umap"
                  ? "UMAP (umap-js, 15 neighbours, min. distance 0.1)"
                  : "shown on the first two components (too few patches for UMAP)"}
                . Seed 0; computed in {(data.elapsedMs / 1000).toFixed(1)} s. ImageNet VGG16
                features, as in the paper, cannot be shipped here.
              </p>
            </div>
          ) : null}
        </Card>
      </div>
    </div>
  );
}
