/** Fiber diameter histogram as SVG bars with µm and count axes. */

const WIDTH = 520;
const HEIGHT = 220;
const MARGIN = { top: 12, right: 12, bottom: 40, left: 44 };

/** Round tick spacing giving about `count` ticks over [0, max]. */
function tickStep(max: number, count: number): number {
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw || 1));
  return ([1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw) || 1;
}

export function DiameterHistogram({
  binStartUm,
  binWidthUm,
  counts,
  meanUm,
}: {
  binStartUm: number;
  binWidthUm: number;
  counts: number[];
  meanUm: number;
}) {
  const last = counts.reduce((end, count, i) => (count > 0 ? i + 1 : end), 0);
  const bins = counts.slice(0, Math.max(last, 1));
  const maxCount = Math.max(1, ...bins);
  const xMax = binStartUm + bins.length * binWidthUm;
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (um: number) => MARGIN.left + ((um - binStartUm) / (xMax - binStartUm)) * plotWidth;
  const y = (count: number) => MARGIN.top + plotHeight - (count / maxCount) * plotHeight;
  const yStep = tickStep(maxCount, 4);
  const yTicks = Array.from({ length: Math.floor(maxCount / yStep) + 1 }, (_, i) => i * yStep);
  const xStep = Math.max(binWidthUm, tickStep(xMax - binStartUm, 8));
  const xTicks = Array.from(
    { length: Math.floor((xMax - binStartUm) / xStep) + 1 },
    (_, i) => binStartUm + i * xStep,
  );
  const total = bins.reduce((a, b) => a + b, 0);

  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      className="h-auto w-full"
      role="img"
      aria-label={`Fiber diameter histogram: ${total} fibers in ${binWidthUm} µm bins, mean ${meanUm.toFixed(1)} µm`}
      data-testid="diameter-histogram"
    >
      {yTicks.map((tick) => (
        <g key={`y${tick}`}>
          <line
            x1={MARGIN.left}
            x2={WIDTH - MARGIN.right}
            y1={y(tick)}
            y2={y(tick)}
            className="stroke-slate-200"
          />
          <text
            x={MARGIN.left - 6}
            y={y(tick)}
            textAnchor="end"
            dominantBaseline="middle"
            className="fill-slate-500 text-[10px]"
          >
            {tick}
          </text>
        </g>
      ))}
      {bins.map((count, i) => {
        const left = x(binStartUm + i * binWidthUm);
        const right = x(binStartUm + (i + 1) * binWidthUm);
        return (
          <rect
            // biome-ignore lint/suspicious/noArrayIndexKey: bins are positional
            key={i}
            x={left + 1}
            width={Math.max(1, right - left - 2)}
            y={y(count)}
            height={y(0) - y(count)}
            rx={1.5}
            className="fill-eosin-500"
          >
            <title>
              {binStartUm + i * binWidthUm}–{binStartUm + (i + 1) * binWidthUm} µm: {count} fibers
            </title>
          </rect>
        );
      })}
      {meanUm > 0 && meanUm <= xMax ? (
        <g>
          <line
            x1={x(meanUm)}
            x2={x(meanUm)}
            y1={MARGIN.top}
            y2={y(0)}
            className="stroke-hema-700"
            strokeDasharray="4 3"
            strokeWidth={1.5}
          />
          <text
            x={x(meanUm) + 4}
            y={MARGIN.top + 8}
            className="fill-hema-700 stroke-white text-[10px] font-medium"
            strokeWidth={3}
            paintOrder="stroke"
          >
            mean {meanUm.toFixed(1)} µm
          </text>
        </g>
      ) : null}
      <line
        x1={MARGIN.left}
        x2={WIDTH - MARGIN.right}
        y1={y(0)}
        y2={y(0)}
        className="stroke-slate-400"
      />
      {xTicks.map((tick) => (
        <g key={`x${tick}`}>
          <line x1={x(tick)} x2={x(tick)} y1={y(0)} y2={y(0) + 4} className="stroke-slate-400" />
          <text
            x={x(tick)}
            y={y(0) + 15}
            textAnchor="middle"
            className="fill-slate-600 text-[10px]"
          >
            {tick}
          </text>
        </g>
      ))}
      <text
        x={MARGIN.left + plotWidth / 2}
        y={HEIGHT - 6}
        textAnchor="middle"
        className="fill-slate-700 text-[11px]"
      >
        Equivalent-circle diameter (µm)
      </text>
      <text
        transform={`translate(12 ${MARGIN.top + plotHeight / 2}) rotate(-90)`}
        textAnchor="middle"
        className="fill-slate-700 text-[11px]"
      >
        Fibers
      </text>
    </svg>
  );
}
