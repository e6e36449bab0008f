import { computeHistogramQuantile } from "@myoscope/core/statistics/histogram-quantiles";
import { colourOfGroup, formatTick, ticks } from "./chart-style";
import type { DistributionSeries } from "./distribution-chart";

const WIDTH = 560;
const HEIGHT = 260;
const M = { top: 12, right: 16, bottom: 42, left: 54 };
/** Bins of the kernel each side: a 1.5 µm triangle over 0.5 µm bins smooths the steps away. */
const SMOOTHING_BINS = 3;

/** Triangular-kernel smoothing of fractions per bin (the kernel's weights sum to 1). */
function smooth(values: number[]): number[] {
  return values.map((_, i) => {
    let sum = 0;
    let weights = 0;
    for (let k = -SMOOTHING_BINS; k <= SMOOTHING_BINS; k++) {
      const weight = SMOOTHING_BINS + 1 - Math.abs(k);
      weights += weight;
      sum += weight * (values[i + k] ?? 0);
    }
    return sum / weights;
  });
}

/**
 * MinFeret distribution of each group as a violin: the width at each diameter is the
 * (lightly smoothed) share of the group's fibers in that 0.5 µm bin, all violins on one
 * width scale, with the median (white bar) and quartiles (dark box) from the histogram.
 */
export function ViolinChart({
  series,
  groups,
  referenceGroup,
  binWidthUm,
  ariaLabel,
  testId,
}: {
  series: DistributionSeries[];
  groups: string[];
  referenceGroup: string | null;
  binWidthUm: number;
  ariaLabel: string;
  testId?: string;
}) {
  if (series.length === 0)
    return <p className="text-sm text-slate-500">No fibers in this region.</p>;
  const bins = Math.max(...series.map((s) => s.histogram.length));
  const yMax = Math.max(binWidthUm, bins * binWidthUm);
  const shapes = series.map((s) => {
    const padded = [...s.histogram, ...new Array<number>(bins - s.histogram.length).fill(0)];
    const fractions = smooth(padded.map((c) => c / Math.max(1, s.fiberCount)));
    const quantile = (p: number) => computeHistogramQuantile(padded, p, { binWidth: binWidthUm });
    return {
      series: s,
      fractions,
      q1: quantile(0.25),
      median: quantile(0.5),
      q3: quantile(0.75),
    };
  });
  const widest = Math.max(1e-9, ...shapes.flatMap((s) => s.fractions));
  const pw = WIDTH - M.left - M.right;
  const ph = HEIGHT - M.top - M.bottom;
  const slot = pw / shapes.length;
  const half = slot * 0.42;
  const sy = (v: number) => M.top + ph - (v / yMax) * ph;
  /** The violin between its first and last occupied bins (no stroke along empty tails). */
  const outline = (centre: number, fractions: number[]) => {
    const first = fractions.findIndex((f) => f > 0);
    const last = fractions.length - 1 - [...fractions].reverse().findIndex((f) => f > 0);
    if (first < 0) return "";
    const span = fractions.slice(first, last + 1);
    const at = (f: number, i: number, side: 1 | -1) =>
      `${centre + side * (f / widest) * half},${sy((first + i + 0.5) * binWidthUm)}`;
    const right = span.map((f, i) => at(f, i, 1));
    const left = span.map((f, i) => at(f, i, -1)).reverse();
    return `M${right.join("L")}L${left.join("L")}Z`;
  };
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      className="h-auto w-full"
      role="img"
      aria-label={ariaLabel}
      data-testid={testId}
      fontSize={10}
    >
      <rect x={0} y={0} width={WIDTH} height={HEIGHT} fill="#ffffff" />
      {ticks(0, yMax, 6).map((t) => (
        <g key={`y${t}`}>
          <line x1={M.left} x2={M.left + pw} y1={sy(t)} y2={sy(t)} stroke="#e2e8f0" />
          <text x={M.left - 6} y={sy(t)} textAnchor="end" dominantBaseline="middle" fill="#64748b">
            {formatTick(t)}
          </text>
        </g>
      ))}
      {shapes.map((shape, k) => {
        const centre = M.left + slot * (k + 0.5);
        const colour = colourOfGroup(groups, referenceGroup, shape.series.group);
        return (
          <g key={shape.series.group} data-testid="violin">
            <title>
              {`${shape.series.group || "(no group)"}: median ${formatTick(shape.median)} µm, quartiles ${formatTick(shape.q1)}–${formatTick(shape.q3)} µm, n=${shape.series.fiberCount}`}
            </title>
            <path
              d={outline(centre, shape.fractions)}
              fill={colour}
              fillOpacity={0.35}
              stroke={colour}
            />
            {Number.isFinite(shape.median) ? (
              <>
                <rect
                  x={centre - 4}
                  y={sy(shape.q3)}
                  width={8}
                  height={Math.max(1, sy(shape.q1) - sy(shape.q3))}
                  fill="#334155"
                />
                <line
                  x1={centre - 7}
                  x2={centre + 7}
                  y1={sy(shape.median)}
                  y2={sy(shape.median)}
                  stroke="#ffffff"
                  strokeWidth={2}
                />
              </>
            ) : null}
            <text x={centre} y={M.top + ph + 14} textAnchor="middle" fill="#334155">
              {shape.series.group || "(no group)"} (n=
              {shape.series.fiberCount.toLocaleString("en-US")})
            </text>
          </g>
        );
      })}
      <line x1={M.left} x2={M.left + pw} y1={sy(0)} y2={sy(0)} stroke="#94a3b8" />
      <text
        transform={`translate(14 ${M.top + ph / 2}) rotate(-90)`}
        textAnchor="middle"
        fill="#334155"
        fontSize={11}
      >
        MinFeret diameter (µm)
      </text>
    </svg>
  );
}
