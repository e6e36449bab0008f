import { ModelsView } from "./models-view";

export default async function ModelsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h2 className="text-lg font-semibold text-slate-900">Segmentation models</h2>
        <p className="max-w-3xl text-sm text-slate-600">
          ONNX fiber segmentation models this project can run: the shipped U-Net trained on
          synthetic images only, and any you upload. An upload is checked the way the worker checks
          a model before every run: one 3-channel NCHW input, one output channel per class
          (background, fiber, boundary), and its pixel size, normalisation and tiling in the
          model&apos;s metadata.
        </p>
      </div>
      <ModelsView projectId={projectId} />
    </div>
  );
}
