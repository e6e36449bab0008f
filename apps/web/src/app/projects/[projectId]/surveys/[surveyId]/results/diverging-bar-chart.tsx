"use client";

import type { RouterOutputs } from "~/trpc/react";

type Results = RouterOutputs["survey"]["results"];

const WIDTH = 920;
const LABEL_W = 300;
const P_W = 170;
const ROW_H = 22;
const ROW_GAP = 4;
const GROUP_GAP = 12;
const HEADER_H = 26;

/** Red (worst) → grey (middle) → blue (best), for any number of levels. */
export function getLevelColor(level: number, levels: number): string {
  const palette5 = ["#b2182b", "#ef8a62", "#c7c7c7", "#67a9cf", "#2166ac"];
  if (levels === 5) return palette5[level] ?? "#999";
  const t = levels === 1 ? 0.5 : level / (levels - 1);
  const from = t < 0.5 ? [178, 24, 43] : [199, 199, 199];
  const to = t < 0.5 ? [199, 199, 199] : [33, 102, 172];
  const u = t < 0.5 ? t * 2 : (t - 0.5) * 2;
  const c = from.map((v, i) => Math.round(v + ((to[i] ?? v) - v) * u));
  return `rgb(${c.join(",")})`;
}

export function formatP(p: number | null): string {
  if (p === null) return "n/a";
  return p < 0.001 ? p.toExponential(1) : p.toFixed(3);
}

/** Row labels must fit left of the bars: long names are shortened with an ellipsis. */
function shorten(text: string, max = 46): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * Diverging stacked bars as in the paper's Fig. 5: per category, one row per
 * rater × arm; levels below the middle extend left of zero, the middle and
 * better levels right of it; counts and percentages on the segments; the
 * paired t-test and Wilcoxon p-values per rater at the right.
 */
export function DivergingBarChart({ results, id }: { results: Results; id: string }) {
  const levels = results.survey.scale.length;
  const half = Math.floor(levels / 2);
  const plotW = WIDTH - LABEL_W - P_W;
  const zeroX = LABEL_W + plotW / 2;
  const perPercent = plotW / 2 / 100;
  const rowsPerCategory = results.raters.length * results.arms.length;
  const categoryH =
    HEADER_H + rowsPerCategory * (ROW_H + ROW_GAP) + results.raters.length * GROUP_GAP;
  const legendH = 30;
  const height = legendH + results.survey.categories.length * (categoryH + 10);
  const armLabel = new Map(results.arms.map((a) => [a.id, a.label]));

  return (
    <svg
      id={id}
      xmlns="http://www.w3.org/2000/svg"
      viewBox={`0 0 ${WIDTH} ${height}`}
      width="100%"
      role="img"
      aria-label="Diverging stacked bar chart of grades"
      fontFamily="sans-serif"
      fontSize="11"
    >
      <rect width={WIDTH} height={height} fill="white" />
      {results.survey.scale.map((label, level) => (
        <g key={label} transform={`translate(${LABEL_W + level * 120}, 8)`}>
          <rect width="14" height="14" fill={getLevelColor(level, levels)} />
          <text x="18" y="11">
            {label}
          </text>
        </g>
      ))}
      {results.survey.categories.map((category, ci) => {
        const top = legendH + ci * (categoryH + 10);
        let y = top + HEADER_H;
        return (
          <g key={category} data-testid="chart-category">
            <text x="4" y={top + 16} fontSize="13" fontWeight="bold">
              {category}
            </text>
            <line
              x1={zeroX}
              x2={zeroX}
              y1={top + HEADER_H - 4}
              y2={top + categoryH}
              stroke="#333"
            />
            {results.raters.map((rater) => {
              const comparison = results.comparisons.find(
                (c) => c.category === category && c.raterId === rater.id,
              );
              const groupTop = y;
              const rows = results.arms.map((arm) => {
                const entry = results.counts.find(
                  (c) => c.category === category && c.raterId === rater.id && c.armId === arm.id,
                );
                const counts = entry?.counts;
                const rowY = y;
                y += ROW_H + ROW_GAP;
                if (!counts) return null;
                const segments: { level: number; x: number; w: number }[] = [];
                // Left of zero: from the level just below the middle outwards.
                let left = zeroX;
                for (let level = half - 1; level >= 0; level--) {
                  const w = (counts.fractions[level] ?? 0) * 100 * perPercent;
                  left -= w;
                  segments.push({ level, x: left, w });
                }
                let right = zeroX;
                for (let level = half; level < levels; level++) {
                  const w = (counts.fractions[level] ?? 0) * 100 * perPercent;
                  segments.push({ level, x: right, w });
                  right += w;
                }
                return (
                  <g key={arm.id}>
                    <text x={LABEL_W - 6} y={rowY + 15} textAnchor="end">
                      <title>{`${rater.name} · ${armLabel.get(arm.id)}`}</title>
                      {shorten(`${rater.name} · ${armLabel.get(arm.id)}`)}
                    </text>
                    {segments.map((s) =>
                      s.w > 0 ? (
                        <g key={s.level}>
                          <rect
                            x={s.x}
                            y={rowY}
                            width={s.w}
                            height={ROW_H}
                            fill={getLevelColor(s.level, levels)}
                          >
                            <title>
                              {`${results.survey.scale[s.level]}: ${counts.counts[s.level]} (${Math.round((counts.fractions[s.level] ?? 0) * 100)} %)`}
                            </title>
                          </rect>
                          {s.w > 34 ? (
                            <text
                              x={s.x + s.w / 2}
                              y={rowY + 15}
                              textAnchor="middle"
                              fill={s.level === 0 || s.level === levels - 1 ? "white" : "black"}
                              fontSize="10"
                            >
                              {`${counts.counts[s.level]} (${Math.round((counts.fractions[s.level] ?? 0) * 100)}%)`}
                            </text>
                          ) : null}
                        </g>
                      ) : null,
                    )}
                  </g>
                );
              });
              y += GROUP_GAP;
              return (
                <g key={rater.id}>
                  {rows}
                  {comparison ? (
                    <text x={WIDTH - P_W + 8} y={groupTop + 15} fontSize="10">
                      <tspan
                        x={WIDTH - P_W + 8}
                      >{`paired t: p = ${formatP(comparison.tPValue)}`}</tspan>
                      <tspan x={WIDTH - P_W + 8} dy="13">
                        {`Wilcoxon: p = ${formatP(comparison.wilcoxonPValue)}`}
                      </tspan>
                    </text>
                  ) : null}
                </g>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}
