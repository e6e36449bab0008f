"use client";

import { hasRoleAtLeast } from "@myoscope/core/auth/project-role";
import Link from "next/link";
import { Alert, Card } from "~/components/ui";
import { api } from "~/trpc/react";
import { UploadForm } from "./upload-form";

export function SectionsCard({ projectId }: { projectId: string }) {
  const project = api.project.get.useQuery({ projectId });
  const subjects = api.subject.list.useQuery({ projectId });
  const sections = api.section.list.useQuery(
    { projectId },
    {
      refetchInterval: (q) => (q.state.data?.some((s) => s.status === "processing") ? 1500 : false),
    },
  );
  const canEdit = project.data ? hasRoleAtLeast(project.data.role, "editor") : false;

  return (
    <Card title="Sections">
      {sections.error ? <Alert>{sections.error.message}</Alert> : null}
      {sections.data?.length === 0 ? (
        <p className="mb-3 text-sm text-slate-600">No sections yet.</p>
      ) : null}
      <ul className="mb-4 grid grid-cols-2 gap-3 md:grid-cols-3">
        {sections.data?.map((section) => (
          <li
            key={section.id}
            className="overflow-hidden rounded-md border border-slate-200"
            data-testid="section-item"
          >
            <div className="flex aspect-square items-center justify-center bg-slate-100">
              {section.hasThumbnail ? (
                // biome-ignore lint/performance/noImgElement: authenticated API image, not a static asset
                <img
                  src={`/api/projects/${projectId}/sections/${section.id}/thumbnail`}
                  alt={`Thumbnail of ${section.name}`}
                  className="h-full w-full object-contain"
                />
              ) : (
                <span className="text-xs text-slate-500">
                  {section.status === "failed" ? "could not read image" : "processing…"}
                </span>
              )}
            </div>
            <div className="p-2 text-xs">
              <div className="truncate font-medium" title={section.name}>
                <Link
                  href={`/projects/${projectId}/sections/${section.id}`}
                  className="hover:text-eosin-700 hover:underline"
                >
                  {section.name}
                </Link>
              </div>
              <div className="text-slate-600">
                {section.subject.identifier} · {section.pixelSizeUm} µm/px
              </div>
              <div className="text-slate-500">
                {section.width && section.height ? `${section.width}×${section.height} px · ` : ""}
                {section.status}
              </div>
            </div>
          </li>
        ))}
      </ul>
      {canEdit && subjects.data && subjects.data.length > 0 ? (
        <UploadForm projectId={projectId} subjects={subjects.data} />
      ) : null}
      {canEdit && subjects.data?.length === 0 ? (
        <p className="text-sm text-slate-600">Add a subject first; every section belongs to one.</p>
      ) : null}
    </Card>
  );
}
