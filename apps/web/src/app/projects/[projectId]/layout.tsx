import type { ReactNode } from "react";
import { requireSessionUserId } from "~/server/auth/require-session";
import { ProjectHeader } from "./project-header";

export default async function ProjectLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ projectId: string }>;
}) {
  const { projectId } = await params;
  await requireSessionUserId(`/projects/${projectId}`);
  return (
    <div className="flex flex-col gap-6">
      <ProjectHeader projectId={projectId} />
      {children}
    </div>
  );
}
