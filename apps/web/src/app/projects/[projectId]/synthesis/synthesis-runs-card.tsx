"use client";

import { hasRoleAtLeast } from "@myoscope/core/auth/project-role";
import Link from "next/link";
import { Alert, Card, ProgressBar } from "~/components/ui";
import { api } from "~/trpc/react";
import {
  formatValue,
  getRunDisplayStatus,
  isActiveStatus,
  STATUS_STYLE,
  type SynthesisRun,
} from "./synthesis-format";

export function RunStatusBadge({ run }: { run: Pick<SynthesisRun, "status" | "job"> }) {
  const status = getRunDisplayStatus(run);
  return (
    <span
      className={`rounded px-1.5 py-0.5 text-xs font-medium ${STATUS_STYLE[status] ?? STATUS_STYLE.queued}`}
    >
      {status}
    </span>
  );
}

export function SynthesisRunsCard({ projectId }: { projectId: string }) {
  const utils = api.useUtils();
  const project = api.project.get.useQuery({ projectId });
  const canEdit = project.data ? hasRoleAtLeast(project.data.role, "editor") : false;
  const runs = api.synthesis.list.useQuery(
    { projectId },
    {
      refetchInterval: (query) =>
        query.state.data?.some((run) => isActiveStatus(getRunDisplayStatus(run))) ? 1000 : false,
    },
  );
  const remove = api.synthesis.delete.useMutation({
    onSettled: () => utils.synthesis.list.invalidate({ projectId }),
  });
  const succeeded = runs.data?.filter((run) => run.status === "succeeded") ?? [];

  return (
    <Card
      title="Synthetic datasets"
      actions={
        succeeded.length > 0 ? (
          <Link
            href={`/projects/${projectId}/synthesis/compare`}
            className="text-sm font-medium text-eosin-700 hover:underline"
          >
            Compare with real sections →
          </Link>
        ) : null
      }
    >
      {runs.error ? <Alert>{runs.error.message}</Alert> : null}
      {remove.error ? <Alert>{remove.error.message}</Alert> : null}
      {runs.data?.length === 0 ? (
        <p className="text-sm text-slate-600">
          No runs yet. Pick a preset, tune the ranges while watching the preview, then launch a run.
        </p>
      ) : null}
      <ul className="flex flex-col divide-y divide-slate-100">
        {runs.data?.map((run) => {
          const status = getRunDisplayStatus(run);
          const isActive = isActiveStatus(status);
          return (
            <li key={run.id} className="flex flex-col gap-1.5 py-3" data-testid="synthesis-run-row">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <div className="flex min-w-0 items-center gap-2">
                  <Link
                    href={`/projects/${projectId}/synthesis/${run.id}`}
                    className="truncate font-medium text-slate-900 hover:text-eosin-700 hover:underline"
                  >
                    {run.name}
                  </Link>
                  <span className="rounded bg-hema-700/10 px-1.5 py-0.5 text-xs text-hema-700">
                    {run.preset}
                  </span>
                </div>
                <RunStatusBadge run={run} />
              </div>
              {isActive || status === "failed" ? (
                <ProgressBar value={run.job?.progress ?? 0} label={`Progress of ${run.name}`} />
              ) : null}
              <div className="flex flex-wrap items-center justify-between gap-2 text-xs text-slate-600">
                <span>
                  {run.count} × {run.size}² px · seed {run.seed}
                  {run.stats
                    ? ` · ${run.stats.fiberCount.toLocaleString()} fibers · mean Ø ${formatValue(run.stats.meanDiameterUm)} µm`
                    : ""}
                  {isActive || status === "failed"
                    ? ` · ${run.job?.progress ?? 0}% · ${run.job?.error ?? run.job?.message ?? ""}`
                    : ""}{" "}
                  · {run.createdBy?.name ?? "someone"} · {run.createdAt.toLocaleString()}
                </span>
                {canEdit && !isActive ? (
                  <button
                    type="button"
                    className="rounded px-2 py-0.5 text-xs text-red-700 ring-1 ring-red-200 hover:bg-red-50 disabled:opacity-50"
                    disabled={remove.isPending}
                    onClick={() => {
                      if (window.confirm(`Delete "${run.name}" and its images?`)) {
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
