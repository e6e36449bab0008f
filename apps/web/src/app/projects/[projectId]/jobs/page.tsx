import { JobsView } from "./jobs-view";

export default async function JobsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return <JobsView projectId={projectId} />;
}
