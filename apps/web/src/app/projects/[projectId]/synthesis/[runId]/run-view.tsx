"use client";

import Link from "next/link";
import { useState } from "react";
import { Alert, Card, ProgressBar } from "~/components/ui";
import type { SynthesisCatalog } from "~/server/synthesis/describe-synthesis-params";
import { api } from "~/trpc/react";
import {
  buildReproduceCommand,
  findOverriddenKeys,
  formatRange,
  formatValue,
  getRunDisplayStatus,
  isActiveStatus,
  type RangeValue,
} from "../synthesis-format";
import { RunStatusBadge } from "../synthesis-runs-card";
import { DiameterHistogram } from "./diameter-histogram";
import { ImageViewer } from "./image-viewer";
import { TrainingExportCard } from "./training-export-card";

function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="rounded-md bg-slate-50 px-3 py-2 ring-1 ring-slate-100" data-testid={testId}>
      <div className="text-xs text-slate-500">{label}</div>
      <div
        className={`font-semibold tabular-nums text-slate-900 ${value.length > 10 ? "whitespace-nowrap text-sm leading-7" : "text-lg"}`}
      >
        {value}
      </div>
    </div>
  );
}

export function SynthesisRunView({
  projectId,
  runId,
  catalog,
}: {
  projectId: string;
  runId: string;
  catalog: SynthesisCatalog;
}) {
  const run = api.synthesis.get.useQuery(
    { projectId, runId },
    {
      refetchInterval: (query) =>
        query.state.data && isActiveStatus(getRunDisplayStatus(query.state.data)) ? 1000 : false,
    },
  );
  const isDone = run.data?.status === "succeeded";
  const images = api.synthesis.images.useQuery({ projectId, runId }, { enabled: isDone });
  const [openIndex, setOpenIndex] = useState<number | null>(null);
  const [isCopied, setCopied] = useState(false);

  if (run.error) return <Alert>{run.error.message}</Alert>;
  if (!run.data) return <p className="text-sm text-slate-500">Loading run…</p>;
  const data = run.data;
  const status = getRunDisplayStatus(data);
  const preset = catalog.presets[data.preset as keyof SynthesisCatalog["presets"]] as
    | Record<string, RangeValue>
    | undefined;
  const overridden = preset ? findOverriddenKeys(data.ranges, preset) : [];
  const command = buildReproduceCommand(data, preset);
  const labels = new Map(
    catalog.groups.flatMap((group) =>
      group.params.map((p) => [p.key as string, `${p.label}${p.unit ? ` (${p.unit})` : ""}`]),
    ),
  );
  const stats = data.stats;

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <Link
            href={`/projects/${projectId}/synthesis`}
            className="text-sm text-slate-600 hover:text-slate-900"
          >
            ← All synthetic datasets
          </Link>
          <h2 className="mt-1 flex items-center gap-2 text-xl font-semibold">
            {data.name} <RunStatusBadge run={data} />
          </h2>
          <p className="text-sm text-slate-600">
            {data.count} images of {data.size}×{data.size} px · created by{" "}
            {data.createdBy?.name ?? "someone"} on {data.createdAt.toLocaleString()}
          </p>
        </div>
        <div className="flex gap-2 text-sm">
          <Link
            href={`/projects/${projectId}/synthesis?from=${data.id}`}
            className="rounded-md px-3 py-1.5 ring-1 ring-slate-300 hover:bg-slate-100"
          >
            Use these settings
          </Link>
          {isDone ? (
            <Link
              href={`/projects/${projectId}/synthesis/compare?runs=${data.id}`}
              className="rounded-md bg-eosin-600 px-3 py-1.5 font-medium text-white hover:bg-eosin-700"
            >
              Compare with real sections
            </Link>
          ) : null}
        </div>
      </div>

      {!isDone ? (
        <Card title={isActiveStatus(status) ? "Rendering" : "This run did not finish"}>
          <div className="flex flex-col gap-1 text-sm text-slate-600" data-testid="run-progress">
            <ProgressBar value={data.job?.progress ?? 0} label="Run progress" />
            <span>
              {status} · {data.job?.progress ?? 0}% · {data.job?.error ?? data.job?.message ?? ""}
            </span>
          </div>
        </Card>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Recipe">
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="text-slate-500">Preset</dt>
            <dd>
              {data.preset}
              {overridden.length > 0 ? (
                <span className="ml-2 rounded bg-eosin-50 px-1.5 py-0.5 text-xs text-eosin-700">
                  {overridden.length} range{overridden.length > 1 ? "s" : ""} changed
                </span>
              ) : null}
            </dd>
            <dt className="text-slate-500">Images</dt>
            <dd>
              {data.count} × {data.size}² px
            </dd>
            <dt className="text-slate-500">Seed</dt>
            <dd className="tabular-nums">{data.seed}</dd>
            <dt className="text-slate-500">Generator</dt>
            <dd className="font-mono text-xs leading-5">{data.generatorVersion}</dd>
          </dl>
          {overridden.length > 0 ? (
            <table className="mt-3 w-full text-xs">
              <thead>
                <tr className="text-left text-slate-500">
                  <th className="font-medium">Changed parameter</th>
                  <th className="text-right font-medium">preset</th>
                  <th className="text-right font-medium">this run</th>
                </tr>
              </thead>
              <tbody>
                {overridden.map((key) => (
                  <tr key={key} className="border-t border-slate-100">
                    <td className="py-0.5">{labels.get(key) ?? key}</td>
                    <td className="text-right tabular-nums text-slate-500">
                      {formatRange(preset?.[key])}
                    </td>
                    <td className="text-right font-medium tabular-nums text-eosin-700">
                      {formatRange(data.ranges[key] as RangeValue)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          <div className="mt-3 flex flex-col gap-1">
            <span className="text-xs font-medium text-slate-700">Reproduce</span>
            {command ? (
              <div className="flex items-start gap-2">
                <code
                  className="flex-1 overflow-x-auto whitespace-nowrap rounded-md bg-slate-900 px-3 py-2 text-xs text-slate-100"
                  data-testid="reproduce-command"
                >
                  {command}
                </code>
                <button
                  type="button"
                  className="rounded-md px-2 py-1.5 text-xs ring-1 ring-slate-300 hover:bg-slate-100"
                  onClick={() => {
                    void navigator.clipboard?.writeText(command).then(() => setCopied(true));
                  }}
                >
                  {isCopied ? "Copied" : "Copy"}
                </button>
              </div>
            ) : (
              <p className="text-xs text-slate-600">
                The CLI takes presets only; these ranges are recorded with the run, and “Use these
                settings” launches them again. Same ranges, seed and generator version give the same
                bytes.
              </p>
            )}
          </div>
          <details className="mt-3 text-xs">
            <summary className="cursor-pointer text-slate-600 hover:text-slate-900">
              All {Object.keys(data.ranges).length} parameter ranges
            </summary>
            <table className="mt-1 w-full">
              <tbody>
                {Object.entries(data.ranges).map(([key, value]) => (
                  <tr key={key} className="border-t border-slate-100">
                    <td className="py-0.5 text-slate-600">{labels.get(key) ?? key}</td>
                    <td className="text-right tabular-nums">{formatRange(value as RangeValue)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </Card>

        <Card title="Dataset statistics">
          {stats ? (
            <div className="flex flex-col gap-4">
              <div className="grid grid-cols-2 gap-2 sm:grid-cols-3">
                <Stat
                  label="Fibers"
                  value={stats.fiberCount.toLocaleString()}
                  testId="stat-fibers"
                />
                <Stat label="Fibers per image" value={formatValue(stats.meanFibersPerImage)} />
                <Stat label="Mean diameter" value={`${formatValue(stats.meanDiameterUm)} µm`} />
                <Stat
                  label="Central nuclei"
                  value={`${Math.round(100 * stats.centralNucleiFraction)} %`}
                />
                <Stat label="Pixel size" value={`${formatRange(stats.mppRange)} µm/px`} />
                <Stat label="Images" value={String(stats.imageCount)} />
              </div>
              <DiameterHistogram
                binStartUm={stats.diameterHistogram.binStartUm}
                binWidthUm={stats.diameterHistogram.binWidthUm}
                counts={stats.diameterHistogram.counts}
                meanUm={stats.meanDiameterUm}
              />
              <p className="text-xs text-slate-500">
                Measured from the written label images, every fiber including those cut by the image
                border; “central nuclei” is the share of fibers with a nucleus inside their inner
                half radius.
              </p>
            </div>
          ) : (
            <p className="text-sm text-slate-500">Statistics appear when the run has finished.</p>
          )}
        </Card>
      </div>

      {isDone ? (
        <Card title={`Gallery (${images.data?.length ?? "…"} images)`}>
          {images.error ? <Alert>{images.error.message}</Alert> : null}
          <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
            {images.data?.map((image, i) => (
              <li key={image.id}>
                <button
                  type="button"
                  onClick={() => setOpenIndex(i)}
                  className="group block w-full overflow-hidden rounded-md border border-slate-200 text-left focus-visible:outline-2 focus-visible:outline-eosin-500"
                  data-testid="gallery-item"
                >
                  {/* biome-ignore lint/performance/noImgElement: authenticated API image */}
                  <img
                    src={`/api/projects/${projectId}/synthesis-images/${image.id}/thumbnail`}
                    alt={`Thumbnail of ${image.name}`}
                    loading="lazy"
                    className="aspect-square w-full bg-slate-100 object-cover transition-transform group-hover:scale-[1.03]"
                  />
                  <span className="block px-2 py-1 text-[11px] text-slate-600">
                    #{image.index} · {image.fiberCount} fibers · {formatValue(image.mpp)} µm/px
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}

      {isDone ? <TrainingExportCard projectId={projectId} runId={runId} /> : null}

      {openIndex !== null && images.data ? (
        <ImageViewer
          projectId={projectId}
          images={images.data}
          index={openIndex}
          onIndexChange={setOpenIndex}
          onClose={() => setOpenIndex(null)}
        />
      ) : null}
    </div>
  );
}
