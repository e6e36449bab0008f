"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { Alert } from "~/components/ui";
import { api } from "~/trpc/react";

export function ProjectHeader({ projectId }: { projectId: string }) {
  const project = api.project.get.useQuery({ projectId });
  const pathname = usePathname();
  if (project.error) return <Alert>{project.error.message}</Alert>;
  const tabs = [
    { href: `/projects/${projectId}`, label: "Subjects & sections" },
    { href: `/projects/${projectId}/synthesis`, label: "Synthesis" },
    { href: `/projects/${projectId}/segmentation`, label: "Segmentation" },
    { href: `/projects/${projectId}/models`, label: "Models" },
    { href: `/projects/${projectId}/surveys`, label: "Surveys" },
    { href: `/projects/${projectId}/cohort`, label: "Cohort" },
    { href: `/projects/${projectId}/jobs`, label: "Jobs" },
    { href: `/projects/${projectId}/members`, label: "Members" },
  ];
  return (
    <div className="flex flex-col gap-3">
      <div>
        <p className="text-xs uppercase tracking-wide text-slate-500">
          {project.data?.organization.name ?? "…"}
        </p>
        <h1 className="text-2xl font-semibold">{project.data?.name ?? "Loading…"}</h1>
        {project.data?.description ? (
          <p className="text-sm text-slate-600">{project.data.description}</p>
        ) : null}
        {project.data ? (
          <p className="text-xs text-slate-500">Your role: {project.data.role}</p>
        ) : null}
      </div>
      <nav aria-label="Project" className="flex gap-1 border-b border-slate-200">
        {tabs.map((tab) => {
          // Sub-pages (a run, the comparison) keep their tab highlighted.
          const isCurrent =
            pathname === tab.href ||
            (tab.href !== `/projects/${projectId}` && pathname.startsWith(`${tab.href}/`));
          return (
            <Link
              key={tab.href}
              href={tab.href}
              aria-current={isCurrent ? "page" : undefined}
              className={`-mb-px border-b-2 px-3 py-2 text-sm ${isCurrent ? "border-eosin-600 font-medium text-eosin-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
            >
              {tab.label}
            </Link>
          );
        })}
      </nav>
    </div>
  );
}
