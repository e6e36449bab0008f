import { CohortView } from "./cohort-view";

export default async function CohortPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return <CohortView projectId={projectId} />;
}
