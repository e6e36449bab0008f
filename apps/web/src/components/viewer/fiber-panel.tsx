"use client";
/**
 * @module viewer/fiber-panel
 * Features of the fiber the user clicked, in the units the paper reports.
 */
import type { RouterOutputs } from "~/trpc/react";

type Fiber = NonNullable<RouterOutputs["segmentation"]["fiberAt"]>;

function format(value: number | null, digits = 2): string {
  return value === null ? "–" : value.toLocaleString(undefined, { maximumFractionDigits: digits });
}

export function FiberPanel({ fiber, onClose }: { fiber: Fiber; onClose: () => void }) {
  const rows: [string, string][] = [
    ["MinFeret", `${format(fiber.minFeretUm)} µm`],
    ["Feret", `${format(fiber.feretUm)} µm`],
    ["Area", `${format(fiber.areaUm2, 0)} µm²`],
    ["Perimeter", `${format(fiber.perimeterUm, 1)} µm`],
    ["Equivalent diameter", `${format(fiber.equivalentDiameterUm)} µm`],
    ["Circularity", format(fiber.circularity, 3)],
    ["Aspect ratio", format(fiber.aspectRatio, 3)],
    ["Roundness", format(fiber.roundness, 3)],
    ["Solidity", format(fiber.solidity, 3)],
    ["Mean OD (H / E)", `${format(fiber.meanOdH, 3)} / ${format(fiber.meanOdE, 3)}`],
    ["In muscle mask", fiber.inMuscleMask ? "yes" : "no"],
    ["Passes shape filter", fiber.passesShapeFilter ? "yes" : "no"],
    ["Excluded", fiber.inExclusion ? "yes" : "no"],
    ["Region", fiber.regionName ?? "–"],
    ["Touches image edge", fiber.touchesEdge ? "yes" : "no"],
  ];
  return (
    <section aria-label="Selected fiber" data-testid="fiber-panel" className="flex flex-col gap-2">
      <div className="flex items-center justify-between">
        <h3 className="text-sm font-semibold text-slate-900">Fiber #{fiber.label}</h3>
        <button
          type="button"
          onClick={onClose}
          className="text-xs text-slate-500 hover:text-slate-900"
        >
          Close
        </button>
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-slate-500">{label}</dt>
            <dd className="text-right tabular-nums text-slate-900" data-testid={`fiber-${label}`}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
