"use client";

import { hasRoleAtLeast } from "@myoscope/core/auth/project-role";
import { useState } from "react";
import { Alert, Button, Card, Field, Input, ProgressBar } from "~/components/ui";
import { api } from "~/trpc/react";
import { getRunDisplayStatus, isActiveStatus } from "../synthesis-format";
import { RunStatusBadge } from "../synthesis-runs-card";

function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} kB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Tiles a finished run into a training dataset zip (images, masks, labels, COCO, manifest). */
export function TrainingExportCard({ projectId, runId }: { projectId: string; runId: string }) {
  const utils = api.useUtils();
  const project = api.project.get.useQuery({ projectId });
  const canEdit = project.data ? hasRoleAtLeast(project.data.role, "editor") : false;
  const exports = api.synthesis.exports.useQuery(
    { projectId, runId },
    {
      refetchInterval: (query) =>
        query.state.data?.some((e) => isActiveStatus(getRunDisplayStatus(e))) ? 1000 : false,
    },
  );
  const create = api.synthesis.createExport.useMutation({
    onSettled: () => utils.synthesis.exports.invalidate({ projectId, runId }),
  });
  const [tileSize, setTileSize] = useState(400);
  const [overlap, setOverlap] = useState(0);
  const [valFraction, setValFraction] = useState(0.1);
  const [withWeights, setWithWeights] = useState(false);

  return (
    <Card title="Training export">
      <p className="mb-3 text-sm text-slate-600">
        Tiles with fiber/boundary masks, instance labels and COCO polygons, split by image into
        train and val, as one zip for <code>train.py</code> or any standard trainer.
      </p>
      {canEdit ? (
        <form
          className="mb-4 flex flex-wrap items-end gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            create.mutate({ projectId, runId, tileSize, overlap, valFraction, withWeights });
          }}
        >
          <Field label="Tile size (px)" htmlFor="export-tile-size">
            <Input
              id="export-tile-size"
              type="number"
              min={64}
              max={2048}
              value={tileSize}
              onChange={(e) => setTileSize(Number(e.target.value))}
            />
          </Field>
          <Field label="Overlap (px)" htmlFor="export-overlap">
            <Input
              id="export-overlap"
              type="number"
              min={0}
              max={tileSize - 1}
              value={overlap}
              onChange={(e) => setOverlap(Number(e.target.value))}
            />
          </Field>
          <Field label="Validation fraction" htmlFor="export-val-fraction">
            <Input
              id="export-val-fraction"
              type="number"
              min={0}
              max={0.9}
              step={0.05}
              value={valFraction}
              onChange={(e) => setValFraction(Number(e.target.value))}
            />
          </Field>
          <label className="flex items-center gap-2 pb-2 text-sm text-slate-700">
            <input
              type="checkbox"
              checked={withWeights}
              onChange={(e) => setWithWeights(e.target.checked)}
            />
            Border weight maps
          </label>
          <Button type="submit" disabled={create.isPending}>
            {create.isPending ? "Starting…" : "Export"}
          </Button>
        </form>
      ) : null}
      {create.error ? <Alert>{create.error.message}</Alert> : null}
      {exports.error ? <Alert>{exports.error.message}</Alert> : null}
      {exports.data?.length === 0 ? (
        <p className="text-sm text-slate-500">No exports of this run yet.</p>
      ) : null}
      <ul className="flex flex-col divide-y divide-slate-100">
        {exports.data?.map((item) => {
          const status = getRunDisplayStatus(item);
          const { params, manifest } = item;
          return (
            <li key={item.id} className="flex flex-col gap-1 py-2 text-sm" data-testid="export-row">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <span className="flex items-center gap-2">
                  <RunStatusBadge run={item} />
                  <span className="tabular-nums text-slate-700">
                    {params.tileSize} px tiles · overlap {params.overlap} · val{" "}
                    {Math.round(params.valFraction * 100)} %{params.withWeights ? " · weights" : ""}
                  </span>
                </span>
                {item.status === "succeeded" ? (
                  <a
                    href={`/api/projects/${projectId}/training-exports/${item.id}/download`}
                    className="rounded-md px-3 py-1 font-medium text-eosin-700 ring-1 ring-slate-300 hover:bg-slate-100"
                    download
                  >
                    Download{item.byteSize !== null ? ` (${formatBytes(item.byteSize)})` : ""}
                  </a>
                ) : null}
              </div>
              {manifest ? (
                <span className="text-xs text-slate-500 tabular-nums">
                  {manifest.tileCount.train} train + {manifest.tileCount.val} val tiles from{" "}
                  {manifest.sourceCount} images · {manifest.datasetVersion}
                </span>
              ) : null}
              {isActiveStatus(status) || status === "failed" ? (
                <div className="flex flex-col gap-1 text-xs text-slate-600">
                  {isActiveStatus(status) ? (
                    <ProgressBar value={item.job?.progress ?? 0} label="Export progress" />
                  ) : null}
                  <span>
                    {item.job?.progress ?? 0}% · {item.job?.error ?? item.job?.message ?? ""}
                  </span>
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
