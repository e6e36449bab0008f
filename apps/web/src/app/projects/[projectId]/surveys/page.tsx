import { SurveysView } from "./surveys-view";

export default async function SurveysPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h2 className="text-lg font-semibold text-slate-900">Blinded expert surveys</h2>
        <p className="max-w-3xl text-sm text-slate-600">
          As in the SYNTA paper: experts grade the masks of two or more segmentation runs per ROI,
          shown as &lsquo;A&rsquo; and &lsquo;B&rsquo; in an order drawn from a recorded seed, on an
          ordinal scale. Raters never see which model is which; the owner unblinds after closing the
          survey.
        </p>
      </div>
      <SurveysView projectId={projectId} />
    </div>
  );
}
