import { colourOfGroup, formatTick, markerOfRegion, regionLabel, ticks } from "./chart-style";
import { Marker } from "./marker";

export interface ScatterPoint {
  key: string;
  x: number;
  y: number;
  group: string;
  region: string;
  label: string;
}

const WIDTH = 560;
const HEIGHT = 340;
const M = { top: 14, right: 150, bottom: 44, left: 54 };

/** Per-section scatter, colour = group, marker = region (the paper's Fig. 6b/6c). */
export function ScatterChart({
  points,
  groups,
  regions,
  referenceGroup,
  xLabel,
  yLabel,
  ariaLabel,
  testId,
}: {
  points: ScatterPoint[];
  groups: string[];
  regions: string[];
  referenceGroup: string | null;
  xLabel: string;
  yLabel: string;
  ariaLabel: string;
  testId?: string;
}) {
  if (points.length === 0) {
    return <p className="text-sm text-slate-500">No sections with values for this plot yet.</p>;
  }
  const pad = (lo: number, hi: number) => {
    const span = hi - lo || Math.abs(hi) || 1;
    return [lo - span * 0.08, hi + span * 0.08] as const;
  };
  const [x0, x1] = pad(Math.min(...points.map((p) => p.x)), Math.max(...points.map((p) => p.x)));
  const [y0, y1] = pad(Math.min(...points.map((p) => p.y)), Math.max(...points.map((p) => p.y)));
  const pw = WIDTH - M.left - M.right;
  const ph = HEIGHT - M.top - M.bottom;
  const sx = (v: number) => M.left + ((v - x0) / (x1 - x0)) * pw;
  const sy = (v: number) => M.top + ph - ((v - y0) / (y1 - y0)) * ph;
  const shownGroups = groups.filter((g) => points.some((p) => p.group === g));
  const shownRegions = regions.filter((r) => points.some((p) => p.region === r));
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
      {ticks(y0, y1, 5).map((t) => (
        <g key={`y${t}`}>
          <line x1={M.left} x2={M.left + pw} y1={sy(t)} y2={sy(t)} stroke="#e2e8f0" />
          <text x={M.left - 6} y={sy(t)} textAnchor="end" dominantBaseline="middle" fill="#64748b">
            {formatTick(t)}
          </text>
        </g>
      ))}
      {ticks(x0, x1, 6).map((t) => (
        <g key={`x${t}`}>
          <line x1={sx(t)} x2={sx(t)} y1={M.top} y2={M.top + ph} stroke="#f1f5f9" />
          <text x={sx(t)} y={M.top + ph + 14} textAnchor="middle" fill="#475569">
            {formatTick(t)}
          </text>
        </g>
      ))}
      <rect x={M.left} y={M.top} width={pw} height={ph} fill="none" stroke="#94a3b8" />
      {points.map((p) => (
        <Marker
          key={p.key}
          shape={markerOfRegion(regions, p.region)}
          x={sx(p.x)}
          y={sy(p.y)}
          colour={colourOfGroup(groups, referenceGroup, p.group)}
        >
          <title>
            {p.label} · {p.group} · {regionLabel(p.region)}: {p.x.toFixed(3)}, {p.y.toFixed(3)}
          </title>
        </Marker>
      ))}
      <text x={M.left + pw / 2} y={HEIGHT - 8} textAnchor="middle" fill="#334155" fontSize={11}>
        {xLabel}
      </text>
      <text
        transform={`translate(14 ${M.top + ph / 2}) rotate(-90)`}
        textAnchor="middle"
        fill="#334155"
        fontSize={11}
      >
        {yLabel}
      </text>
      <g transform={`translate(${M.left + pw + 14} ${M.top + 6})`}>
        {shownGroups.map((g, i) => (
          <g key={`g${g}`} transform={`translate(0 ${i * 16})`}>
            <Marker shape="square" x={5} y={0} colour={colourOfGroup(groups, referenceGroup, g)} />
            <text x={16} y={0} dominantBaseline="middle" fill="#334155">
              {g || "(no group)"}
            </text>
          </g>
        ))}
        {shownRegions.map((r, i) => (
          <g key={`r${r}`} transform={`translate(0 ${(shownGroups.length + i) * 16 + 10})`}>
            <Marker shape={markerOfRegion(regions, r)} x={5} y={0} colour="#475569" />
            <text x={16} y={0} dominantBaseline="middle" fill="#334155">
              {regionLabel(r)}
            </text>
          </g>
        ))}
      </g>
    </svg>
  );
}
