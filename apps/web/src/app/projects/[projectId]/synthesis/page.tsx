import { describeSynthesisParams } from "~/server/synthesis/describe-synthesis-params";
import { SynthesisRunsCard } from "./synthesis-runs-card";
import { SynthesisStudio } from "./synthesis-studio";

export default async function SynthesisPage({
  params,
  searchParams,
}: {
  params: Promise<{ projectId: string }>;
  searchParams: Promise<{ from?: string }>;
}) {
  const { projectId } = await params;
  const { from } = await searchParams;
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h2 className="text-lg font-semibold text-slate-900">Synthetic training data</h2>
        <p className="max-w-3xl text-sm text-slate-600">
          A procedural generator renders H&amp;E muscle cross-sections with pixel-exact fiber
          labels, as in SYNTA (Mill et al. 2025): no real image needed, and every visual property is
          a parameter you control.
        </p>
      </div>
      <SynthesisStudio
        projectId={projectId}
        catalog={describeSynthesisParams()}
        fromRunId={typeof from === "string" && from.length > 0 ? from : null}
      />
      <SynthesisRunsCard projectId={projectId} />
    </div>
  );
}
