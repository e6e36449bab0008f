"use client";

import { Alert, Card } from "~/components/ui";
import { api } from "~/trpc/react";
import { formatNumber } from "../segmentation-format";

/**
 * The run scored against the section's annotated fibers (sparse ground truth);
 * shown only when the section has fiber annotations.
 */
export function RunEvaluationCard({ projectId, runId }: { projectId: string; runId: string }) {
  const evaluation = api.segmentation.evaluate.useQuery({ projectId, runId });
  if (evaluation.error) {
    return (
      <Card title="Evaluation against annotated fibers">
        <Alert>{evaluation.error.message}</Alert>
      </Card>
    );
  }
  const data = evaluation.data;
  if (!data || data.groundTruthCount === 0 || !data.instances || !data.pixel) return null;
  const { instances, pixel } = data;
  const ap = (threshold: number) => {
    const index = instances.thresholds.findIndex((t) => Math.abs(t - threshold) < 1e-9);
    return index < 0 ? null : (instances.averagePrecision[index] ?? null);
  };
  const cells: [string, string, string][] = [
    [
      "AP@0.50",
      formatNumber(ap(0.5), 3),
      `TP ${instances.truePositives[0]} · FP ${instances.falsePositives[0]} · FN ${instances.falseNegatives[0]}`,
    ],
    ["AP@0.75", formatNumber(ap(0.75), 3), ""],
    ["mean AP 0.50:0.95", formatNumber(instances.meanAveragePrecision, 3), ""],
    [
      "Pixel F1",
      formatNumber(pixel.f1, 3),
      `precision ${formatNumber(pixel.precision, 3)} · recall ${formatNumber(pixel.recall, 3)}`,
    ],
  ];
  return (
    <Card title="Evaluation against annotated fibers">
      <p className="mb-2 text-xs text-slate-600">
        {data.groundTruthCount.toLocaleString()} annotated fibers as ground truth; predicted fibers
        mostly off them are not counted (sparse evaluation, AP = TP/(TP+FP+FN) as Cellpose defines
        it).
      </p>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4" data-testid="run-evaluation">
        {cells.map(([label, value, detail]) => (
          <div key={label} className="rounded-md bg-slate-50 px-3 py-2 ring-1 ring-slate-100">
            <div className="text-xs text-slate-500">{label}</div>
            <div className="text-lg font-semibold tabular-nums text-slate-900">{value}</div>
            {detail ? <div className="text-xs text-slate-500">{detail}</div> : null}
          </div>
        ))}
      </div>
    </Card>
  );
}
