import { SegmentationLauncher } from "./segmentation-launcher";
import { SegmentationRunsCard } from "./segmentation-runs-card";

export default async function SegmentationPage({
  params,
}: {
  params: Promise<{ projectId: string }>;
}) {
  const { projectId } = await params;
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h2 className="text-lg font-semibold text-slate-900">Fiber segmentation</h2>
        <p className="max-w-3xl text-sm text-slate-600">
          A U-Net finds fibers and their boundaries tile by tile; the post-processing of SYNTA (Mill
          et al. 2025) then separates instances, removes debris, builds the muscle mask and applies
          the shape filter. Every fiber is measured as Fiji measures it.
        </p>
      </div>
      <SegmentationLauncher projectId={projectId} />
      <SegmentationRunsCard projectId={projectId} />
    </div>
  );
}
