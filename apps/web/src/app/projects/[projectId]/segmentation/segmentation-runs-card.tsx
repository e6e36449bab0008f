"use client";

import { hasRoleAtLeast } from "@myoscope/core/auth/project-role";
import Link from "next/link";
import { Alert, Card, ProgressBar } from "~/components/ui";
import { api } from "~/trpc/react";
import {
  getRunDisplayStatus,
  isActiveStatus,
  readRunSummary,
  type SegmentationRun,
  STATUS_STYLE,
} from "./segmentation-format";

export function RunStatusBadge({ run }: { run: Pick<SegmentationRun, "status" | "job"> }) {
  const status = getRunDisplayStatus(run);
  return (
    <span
      className={`rounded px-1.5 py-0.5 text-xs font-medium ${STATUS_STYLE[status] ?? STATUS_STYLE.queued}`}
      data-testid="run-status"
    >
      {status}
    </span>
  );
}

export function SegmentationRunsCard({ projectId }: { projectId: string }) {
  const utils = api.useUtils();
  const project = api.project.get.useQuery({ projectId });
  const canEdit = project.data ? hasRoleAtLeast(project.data.role, "editor") : false;
  const runs = api.segmentation.runs.useQuery(
    { projectId },
    {
      refetchInterval: (query) =>
        query.state.data?.some((run) => isActiveStatus(getRunDisplayStatus(run))) ? 1000 : false,
    },
  );
  const remove = api.segmentation.deleteRun.useMutation({
    onSettled: () => utils.segmentation.runs.invalidate({ projectId }),
  });

  return (
    <Card title="Segmentation runs">
      {runs.error ? <Alert>{runs.error.message}</Alert> : null}
      {remove.error ? <Alert>{remove.error.message}</Alert> : null}
      {runs.data?.length === 0 ? (
        <p className="text-sm text-slate-600">No runs yet. Choose sections above and launch one.</p>
      ) : null}
      <ul className="flex flex-col divide-y divide-slate-100">
        {runs.data?.map((run) => {
          const status = getRunDisplayStatus(run);
          const isActive = isActiveStatus(status);
          const summary = readRunSummary(run.summary);
          return (
            <li
              key={run.id}
              className="flex flex-col gap-1.5 py-3"
              data-testid="segmentation-run-row"
            >
              <div className="flex flex-wrap items-center justify-between gap-2">
                <div className="flex min-w-0 items-center gap-2">
                  <Link
                    href={`/projects/${projectId}/segmentation/${run.id}`}
                    className="truncate font-medium text-slate-900 hover:text-eosin-700 hover:underline"
                  >
                    {run.section.name}
                  </Link>
                  <span className="rounded bg-hema-700/10 px-1.5 py-0.5 text-xs text-hema-700">
                    {run.model.name} {run.model.version}
                  </span>
                </div>
                <RunStatusBadge run={run} />
              </div>
              {isActive || status === "failed" ? (
                <ProgressBar
                  value={run.job?.progress ?? 0}
                  label={`Progress of ${run.section.name}`}
                />
              ) : null}
              <div className="flex flex-wrap items-center justify-between gap-2 text-xs text-slate-600">
                <span>
                  {summary
                    ? `${summary.counts.postProcessed.toLocaleString()} fibers · ${summary.counts.shapeFilter.toLocaleString()} pass the shape filter · `
                    : ""}
                  {isActive || status === "failed"
                    ? `${run.job?.progress ?? 0}% · ${run.job?.error || run.job?.message || status} · `
                    : ""}
                  {run.createdAt.toLocaleString()}
                </span>
                {canEdit && !isActive ? (
                  <button
                    type="button"
                    className="rounded px-2 py-0.5 text-xs text-red-700 ring-1 ring-red-200 hover:bg-red-50 disabled:opacity-50"
                    disabled={remove.isPending}
                    onClick={() => {
                      if (
                        window.confirm(`Delete the run of "${run.section.name}" and its fibers?`)
                      ) {
                        remove.mutate({ projectId, runId: run.id });
                      }
                    }}
                  >
                    Delete
                  </button>
                ) : null}
              </div>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
