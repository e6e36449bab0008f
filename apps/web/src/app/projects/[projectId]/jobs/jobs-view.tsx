"use client";

import { hasRoleAtLeast } from "@myoscope/core/auth/project-role";
import { Alert, Button, Card, ProgressBar } from "~/components/ui";
import { api } from "~/trpc/react";

const ACTIVE = new Set(["queued", "running", "retrying"]);

export function JobsView({ projectId }: { projectId: string }) {
  const utils = api.useUtils();
  const project = api.project.get.useQuery({ projectId });
  const jobs = api.job.list.useQuery(
    { projectId, limit: 50 },
    { refetchInterval: (q) => (q.state.data?.some((j) => ACTIVE.has(j.status)) ? 1000 : 5000) },
  );
  const refresh = () => utils.job.list.invalidate({ projectId });
  const cancel = api.job.cancel.useMutation({ onSettled: refresh });
  const retry = api.job.retry.useMutation({ onSettled: refresh });
  const canEdit = project.data ? hasRoleAtLeast(project.data.role, "editor") : false;

  return (
    <Card title="Jobs">
      {jobs.error ? <Alert>{jobs.error.message}</Alert> : null}
      {cancel.error ? <Alert>{cancel.error.message}</Alert> : null}
      {retry.error ? <Alert>{retry.error.message}</Alert> : null}
      {jobs.data?.length === 0 ? (
        <p className="text-sm text-slate-600">No jobs yet. Uploading a section starts one.</p>
      ) : null}
      <ul className="flex flex-col divide-y divide-slate-100">
        {jobs.data?.map((job) => (
          <li key={job.id} className="flex flex-col gap-1 py-3" data-testid="job-row">
            <div className="flex items-center justify-between gap-2 text-sm">
              <span className="font-medium">{job.type}</span>
              <span
                className={`rounded px-1.5 py-0.5 text-xs ${job.status === "failed" ? "bg-red-100 text-red-800" : job.status === "succeeded" ? "bg-emerald-100 text-emerald-800" : "bg-slate-100 text-slate-700"}`}
              >
                {job.status}
              </span>
            </div>
            <ProgressBar value={job.progress} label={`Progress of ${job.type}`} />
            <div className="flex items-center justify-between gap-2 text-xs text-slate-600">
              <span>
                {job.progress}% · {job.error ?? job.message} · attempt {job.attempts}/
                {job.maxAttempts} · {job.createdBy?.name ?? "system"} ·{" "}
                {job.createdAt.toLocaleString()}
              </span>
              {canEdit && ACTIVE.has(job.status) ? (
                <Button
                  variant="danger"
                  onClick={() => cancel.mutate({ projectId, jobId: job.id })}
                >
                  Cancel
                </Button>
              ) : null}
              {canEdit && (job.status === "failed" || job.status === "cancelled") ? (
                <Button
                  variant="secondary"
                  onClick={() => retry.mutate({ projectId, jobId: job.id })}
                >
                  Retry
                </Button>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
    </Card>
  );
}
