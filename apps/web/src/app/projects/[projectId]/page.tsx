import { SectionsCard } from "./sections-card";
import { SubjectsCard } from "./subjects-card";

export default async function ProjectPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_2fr]">
      <SubjectsCard projectId={projectId} />
      <SectionsCard projectId={projectId} />
    </div>
  );
}
