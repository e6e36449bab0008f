"use client";

import { hasRoleAtLeast, isProjectRole } from "@myoscope/core/auth/project-role";
import Link from "next/link";
import { Alert, Button, Card } from "~/components/ui";
import { api } from "~/trpc/react";
import { SurveyCreateForm } from "./survey-create-form";

function StatusBadge({ status, isUnblinded }: { status: string; isUnblinded?: boolean }) {
  const style =
    status === "open"
      ? "bg-emerald-100 text-emerald-800"
      : status === "closed"
        ? "bg-slate-200 text-slate-800"
        : "bg-amber-100 text-amber-800";
  return (
    <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${style}`}>
      {status}
      {isUnblinded ? " · unblinded" : ""}
    </span>
  );
}

export function SurveysView({ projectId }: { projectId: string }) {
  const project = api.project.get.useQuery({ projectId });
  const role = project.data?.role;
  const isDesigner = role !== undefined && isProjectRole(role) && hasRoleAtLeast(role, "editor");
  const isRater = role !== undefined && isProjectRole(role) && hasRoleAtLeast(role, "rater");
  return (
    <div className="flex flex-col gap-6">
      {isRater ? <MySurveys projectId={projectId} /> : null}
      {isDesigner ? <DesignedSurveys projectId={projectId} isOwner={role === "owner"} /> : null}
      {isDesigner ? <SurveyCreateForm projectId={projectId} /> : null}
      {role === "viewer" ? (
        <Alert kind="info">Surveys are for raters and the people who design them.</Alert>
      ) : null}
    </div>
  );
}

function MySurveys({ projectId }: { projectId: string }) {
  const mine = api.survey.mine.useQuery({ projectId });
  return (
    <Card title="Surveys you rate">
      {mine.error ? <Alert>{mine.error.message}</Alert> : null}
      {mine.data?.length === 0 ? (
        <p className="text-sm text-slate-500">No open survey is assigned to you.</p>
      ) : null}
      <ul className="flex flex-col gap-2">
        {mine.data?.map((survey) => (
          <li key={survey.id} className="flex items-center gap-3 text-sm" data-testid="my-survey">
            <span className="font-medium">{survey.name}</span>
            <StatusBadge status={survey.status} />
            <span className="text-slate-500">{survey.itemCount} ROIs</span>
            <Link
              className="text-eosin-700 underline"
              href={`/projects/${projectId}/surveys/${survey.id}/rate`}
            >
              {survey.status === "open" ? "Rate" : "See your grades"}
            </Link>
          </li>
        ))}
      </ul>
    </Card>
  );
}

function DesignedSurveys({ projectId, isOwner }: { projectId: string; isOwner: boolean }) {
  const list = api.survey.list.useQuery({ projectId });
  const utils = api.useUtils();
  const refresh = () =>
    Promise.all([utils.survey.list.invalidate(), utils.survey.mine.invalidate()]);
  const open = api.survey.open.useMutation({ onSuccess: refresh });
  const close = api.survey.close.useMutation({ onSuccess: refresh });
  const unblind = api.survey.unblind.useMutation({ onSuccess: refresh });
  const remove = api.survey.delete.useMutation({ onSuccess: refresh });
  const error = open.error ?? close.error ?? unblind.error ?? remove.error;
  return (
    <Card title="Surveys of this project">
      {list.error ? <Alert>{list.error.message}</Alert> : null}
      {error ? <Alert>{error.message}</Alert> : null}
      {list.data?.length === 0 ? (
        <p className="text-sm text-slate-500">No survey yet: design one below.</p>
      ) : null}
      <table className="w-full text-left text-sm">
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            <th className="py-1">Name</th>
            <th>Status</th>
            <th>ROIs</th>
            <th>Arms</th>
            <th>Raters</th>
            <th>Seed</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {list.data?.map((survey) => {
            const input = { projectId, surveyId: survey.id };
            return (
              <tr key={survey.id} className="border-t border-slate-100" data-testid="survey-row">
                <td className="py-2 font-medium">{survey.name}</td>
                <td>
                  <StatusBadge status={survey.status} isUnblinded={survey.unblindedAt !== null} />
                </td>
                <td>{survey.itemCount}</td>
                <td>{survey.armCount}</td>
                <td>{survey.raterCount}</td>
                <td className="font-mono text-xs">{survey.seed}</td>
                <td className="flex flex-wrap justify-end gap-2 py-1">
                  {survey.status === "draft" ? (
                    <>
                      <Button onClick={() => open.mutate(input)} disabled={open.isPending}>
                        Open
                      </Button>
                      <Button variant="danger" onClick={() => remove.mutate(input)}>
                        Delete
                      </Button>
                    </>
                  ) : null}
                  {survey.status === "open" ? (
                    <Button variant="secondary" onClick={() => close.mutate(input)}>
                      Close
                    </Button>
                  ) : null}
                  {survey.status === "closed" && survey.unblindedAt === null && isOwner ? (
                    <Button variant="secondary" onClick={() => unblind.mutate(input)}>
                      Unblind
                    </Button>
                  ) : null}
                  {survey.status !== "draft" ? (
                    <Link
                      className="self-center text-eosin-700 underline"
                      href={`/projects/${projectId}/surveys/${survey.id}/results`}
                    >
                      Results
                    </Link>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Card>
  );
}
