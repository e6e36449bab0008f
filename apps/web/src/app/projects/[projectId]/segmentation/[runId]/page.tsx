import { SegmentationRunView } from "./run-view";

export default async function SegmentationRunPage({
  params,
}: {
  params: Promise<{ projectId: string; runId: string }>;
}) {
  const { projectId, runId } = await params;
  return <SegmentationRunView projectId={projectId} runId={runId} />;
}
