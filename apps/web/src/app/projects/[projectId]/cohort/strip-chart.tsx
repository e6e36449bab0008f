import { colourOfGroup, formatTick, markerOfRegion, ticks } from "./chart-style";
import { Marker } from "./marker";

export interface StripPoint {
  key: string;
  group: string;
  region: string;
  value: number;
  label: string;
}

const WIDTH = 560;
const HEIGHT = 240;
const M = { top: 12, right: 16, bottom: 44, left: 54 };

/** One column per group × region, one dot per section (abnormal fractions, Fig. 6d summary). */
export function StripChart({
  points,
  groups,
  regions,
  referenceGroup,
  yLabel,
  ariaLabel,
  testId,
  asPercent = false,
}: {
  points: StripPoint[];
  groups: string[];
  regions: string[];
  referenceGroup: string | null;
  yLabel: string;
  ariaLabel: string;
  testId?: string;
  asPercent?: boolean;
}) {
  const columns = regions.flatMap((region) => groups.map((group) => ({ group, region })));
  const used = columns.filter((c) =>
    points.some((p) => p.group === c.group && p.region === c.region),
  );
  if (used.length === 0) return <p className="text-sm text-slate-500">Nothing to show yet.</p>;
  const yMax = Math.max(1e-6, ...points.map((p) => p.value)) * 1.1;
  const pw = WIDTH - M.left - M.right;
  const ph = HEIGHT - M.top - M.bottom;
  const colWidth = pw / used.length;
  const sy = (v: number) => M.top + ph - (v / yMax) * ph;
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
            {asPercent ? `${formatTick(t * 100)}%` : formatTick(t)}
          </text>
        </g>
      ))}
      <line x1={M.left} x2={M.left + pw} y1={sy(0)} y2={sy(0)} stroke="#94a3b8" />
      {used.map((c, i) => {
        const cx = M.left + colWidth * (i + 0.5);
        const own = points.filter((p) => p.group === c.group && p.region === c.region);
        return (
          <g key={`${c.group}|${c.region}`}>
            {own.map((p, j) => (
              <Marker
                key={p.key}
                shape={markerOfRegion(regions, p.region)}
                x={cx + ((j % 7) - 3) * 4}
                y={sy(p.value)}
                colour={colourOfGroup(groups, referenceGroup, p.group)}
              >
                <title>
                  {p.label}: {asPercent ? `${(p.value * 100).toFixed(2)}%` : p.value.toFixed(3)}
                </title>
              </Marker>
            ))}
            <text x={cx} y={M.top + ph + 14} textAnchor="middle" fill="#334155">
              {c.group || "(no group)"}
            </text>
            <text x={cx} y={M.top + ph + 26} textAnchor="middle" fill="#64748b">
              {c.region === "" ? "whole" : c.region}
            </text>
          </g>
        );
      })}
      <text
        transform={`translate(14 ${M.top + ph / 2}) rotate(-90)`}
        textAnchor="middle"
        fill="#334155"
        fontSize={11}
      >
        {yLabel}
      </text>
    </svg>
  );
}
