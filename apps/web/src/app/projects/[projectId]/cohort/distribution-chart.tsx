import { computeHistogramEcdf } from "@myoscope/core/statistics/histogram-quantiles";
import { colourOfGroup, formatTick, ticks } from "./chart-style";

export interface DistributionSeries {
  group: string;
  fiberCount: number;
  histogram: number[];
}

const WIDTH = 560;
const HEIGHT = 250;
const M = { top: 12, right: 120, bottom: 42, left: 54 };

/**
 * MinFeret distribution of each group in one region: normalised histogram
 * (fraction of fibers per bin, as step lines so groups overlay) or ECDF.
 */
export function DistributionChart({
  series,
  groups,
  referenceGroup,
  binWidthUm,
  mode,
  ariaLabel,
  testId,
}: {
  series: DistributionSeries[];
  groups: string[];
  referenceGroup: string | null;
  binWidthUm: number;
  mode: "histogram" | "ecdf";
  ariaLabel: string;
  testId?: string;
}) {
  if (series.length === 0)
    return <p className="text-sm text-slate-500">No fibers in this region.</p>;
  const bins = Math.max(...series.map((s) => s.histogram.length));
  const xMax = Math.max(binWidthUm, bins * binWidthUm);
  const curves = series.map((s) => {
    const padded = [...s.histogram, ...new Array<number>(bins - s.histogram.length).fill(0)];
    const values =
      mode === "ecdf"
        ? computeHistogramEcdf(padded, { binWidth: binWidthUm }).map((p) => p.fraction)
        : padded.map((c) => c / Math.max(1, s.fiberCount));
    return { group: s.group, values };
  });
  const yMax = mode === "ecdf" ? 1 : Math.max(1e-6, ...curves.flatMap((c) => c.values)) * 1.05;
  const pw = WIDTH - M.left - M.right;
  const ph = HEIGHT - M.top - M.bottom;
  const sx = (v: number) => M.left + (v / xMax) * pw;
  const sy = (v: number) => M.top + ph - (v / yMax) * ph;
  const path = (values: number[]) => {
    if (mode === "ecdf") {
      return values
        .map(
          (v, i) => `${i === 0 ? `M${sx(0)},${sy(0)}L` : "L"}${sx((i + 1) * binWidthUm)},${sy(v)}`,
        )
        .join("");
    }
    return values
      .map(
        (v, i) =>
          `${i === 0 ? "M" : "L"}${sx(i * binWidthUm)},${sy(v)}L${sx((i + 1) * binWidthUm)},${sy(v)}`,
      )
      .join("");
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
      {ticks(0, yMax, 4).map((t) => (
        <g key={`y${t}`}>
          <line x1={M.left} x2={M.left + pw} y1={sy(t)} y2={sy(t)} stroke="#e2e8f0" />
          <text x={M.left - 6} y={sy(t)} textAnchor="end" dominantBaseline="middle" fill="#64748b">
            {mode === "ecdf" ? formatTick(t) : `${formatTick(t * 100)}%`}
          </text>
        </g>
      ))}
      {ticks(0, xMax, 8).map((t) => (
        <text key={`x${t}`} x={sx(t)} y={M.top + ph + 14} textAnchor="middle" fill="#475569">
          {formatTick(t)}
        </text>
      ))}
      <line x1={M.left} x2={M.left + pw} y1={sy(0)} y2={sy(0)} stroke="#94a3b8" />
      {curves.map((c) => (
        <path
          key={c.group}
          d={path(c.values)}
          fill="none"
          strokeWidth={1.6}
          stroke={colourOfGroup(groups, referenceGroup, c.group)}
        />
      ))}
      <text x={M.left + pw / 2} y={HEIGHT - 8} textAnchor="middle" fill="#334155" fontSize={11}>
        MinFeret diameter (µm)
      </text>
      <text
        transform={`translate(14 ${M.top + ph / 2}) rotate(-90)`}
        textAnchor="middle"
        fill="#334155"
        fontSize={11}
      >
        {mode === "ecdf" ? "cumulative fraction" : `fibers per ${binWidthUm} µm bin`}
      </text>
      <g transform={`translate(${M.left + pw + 14} ${M.top + 6})`}>
        {series.map((s, i) => (
          <g key={s.group} transform={`translate(0 ${i * 16})`}>
            <line
              x1={0}
              x2={12}
              y1={0}
              y2={0}
              strokeWidth={2}
              stroke={colourOfGroup(groups, referenceGroup, s.group)}
            />
            <text x={16} y={0} dominantBaseline="middle" fill="#334155">
              {s.group || "(no group)"} (n={s.fiberCount.toLocaleString("en-US")})
            </text>
          </g>
        ))}
      </g>
    </svg>
  );
}
