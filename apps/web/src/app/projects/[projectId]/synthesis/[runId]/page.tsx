import { describeSynthesisParams } from "~/server/synthesis/describe-synthesis-params";
import { SynthesisRunView } from "./run-view";

export default async function SynthesisRunPage({
  params,
}: {
  params: Promise<{ projectId: string; runId: string }>;
}) {
  const { projectId, runId } = await params;
  return (
    <SynthesisRunView projectId={projectId} runId={runId} catalog={describeSynthesisParams()} />
  );
}
