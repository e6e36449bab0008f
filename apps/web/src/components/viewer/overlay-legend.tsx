"use client";
/**
 * @module viewer/overlay-legend
 * Legend of the active overlay: a viridis colour bar with ticks and unit for
 * feature fills (the project's scale), swatches for the categorical modes.
 */
import { OVERLAY_LEGEND_COLOURS } from "@myoscope/core/viewer/build-overlay-palette";
import { getNiceTicks } from "@myoscope/core/viewer/color-scale";
import { getViridisCssGradient } from "@myoscope/core/viewer/colormap";
import {
  describeFiberFeature,
  type FiberFeatureKey,
  type OverlayMode,
} from "@myoscope/core/viewer/overlay-modes";

function Swatch({ colour, label }: { colour: string; label: string }) {
  return (
    <li className="flex items-center gap-2">
      <span
        className="inline-block h-3 w-5 rounded-sm ring-1 ring-slate-300"
        style={{ background: colour }}
      />
      {label}
    </li>
  );
}

function formatValue(value: number): string {
  // Three significant digits without trailing zeros ("50", "12.5", "0.35").
  return Math.abs(value) >= 100 ? value.toFixed(0) : String(Number(value.toPrecision(3)));
}

export function OverlayLegend({
  mode,
  feature,
  scale,
  lo,
  hi,
}: {
  mode: OverlayMode;
  feature: FiberFeatureKey;
  scale: { min: number; max: number; count: number } | null;
  lo: number | null;
  hi: number | null;
}) {
  const { label, unit } = describeFiberFeature(feature);
  const unitSuffix = unit ? ` (${unit})` : "";
  if (mode === "feature") {
    if (!scale) return <p className="text-xs text-slate-500">Loading the project's scale…</p>;
    const ticks = getNiceTicks(scale);
    const span = scale.max - scale.min;
    return (
      <figure data-testid="overlay-legend" className="flex flex-col gap-1 text-xs text-slate-700">
        <figcaption className="font-medium">
          {label}
          {unitSuffix}
        </figcaption>
        <div className="h-3 w-full rounded-sm" style={{ background: getViridisCssGradient() }} />
        <div className="relative h-4">
          {ticks.map((tick) => (
            <span
              key={tick}
              className="absolute -translate-x-1/2 tabular-nums"
              style={{ left: `${((tick - scale.min) / span) * 100}%` }}
            >
              {formatValue(tick)}
            </span>
          ))}
        </div>
        <p className="text-slate-500">
          One scale for the project: 2nd–98th percentile of {scale.count.toLocaleString()} Shape
          Filter fibers ({formatValue(scale.min)}–{formatValue(scale.max)}
          {unit ? ` ${unit}` : ""}); values beyond are clamped.
        </p>
      </figure>
    );
  }
  const swatches: { colour: string; label: string }[] =
    mode === "abnormal"
      ? [
          { colour: OVERLAY_LEGEND_COLOURS.small, label: `small: ${label} < ${lo ?? "?"} ${unit}` },
          { colour: OVERLAY_LEGEND_COLOURS.normal, label: "in range" },
          { colour: OVERLAY_LEGEND_COLOURS.large, label: `large: ${label} > ${hi ?? "?"} ${unit}` },
        ]
      : mode === "filtered"
        ? [
            { colour: OVERLAY_LEGEND_COLOURS.passes, label: "passes (Shape Filter)" },
            { colour: OVERLAY_LEGEND_COLOURS.failsShape, label: "fails the shape filter" },
            {
              colour: OVERLAY_LEGEND_COLOURS.outsideMuscle,
              label: "outside muscle mask or excluded",
            },
          ]
        : mode === "contour"
          ? [{ colour: OVERLAY_LEGEND_COLOURS.outline, label: "fiber outline" }]
          : mode === "connective"
            ? [{ colour: "rgb(20 184 166)", label: "connective tissue" }]
            : [];
  if (mode === "thickness") {
    return (
      <figure data-testid="overlay-legend" className="flex flex-col gap-1 text-xs text-slate-700">
        <figcaption className="font-medium">Connective tissue local thickness</figcaption>
        <div
          className="h-3 w-full rounded-sm"
          style={{ background: "linear-gradient(to right, rgb(40 60 200), rgb(255 230 30))" }}
        />
        <div className="flex justify-between text-slate-500">
          <span>thin</span>
          <span>≥ 2 × mean</span>
        </div>
      </figure>
    );
  }
  return (
    <ul data-testid="overlay-legend" className="flex flex-col gap-1 text-xs text-slate-700">
      {swatches.map((swatch) => (
        <Swatch key={swatch.label} {...swatch} />
      ))}
    </ul>
  );
}
