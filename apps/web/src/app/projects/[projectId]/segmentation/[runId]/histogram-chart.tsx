/** A histogram as SVG bars with value and count axes (MinFeret, local thickness). */

const WIDTH = 560;
const HEIGHT = 230;
const MARGIN = { top: 12, right: 12, bottom: 42, left: 48 };

/** Round tick spacing giving about `count` ticks over [0, max]. */
function tickStep(max: number, count: number): number {
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw || 1));
  return ([1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw) || 1;
}

function formatTick(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

export function HistogramChart({
  binStart,
  binWidth,
  counts,
  mean,
  xLabel,
  yLabel,
  unit,
  ariaLabel,
  testId,
  barClassName = "fill-eosin-500",
}: {
  binStart: number;
  binWidth: number;
  counts: number[];
  mean: number | null;
  xLabel: string;
  yLabel: string;
  unit: string;
  ariaLabel: string;
  testId?: string;
  barClassName?: string;
}) {
  const last = counts.reduce((end, count, i) => (count > 0 ? i + 1 : end), 0);
  const bins = counts.slice(0, Math.max(last, 1));
  const maxCount = Math.max(1, ...bins);
  const xMax = binStart + bins.length * binWidth;
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (value: number) => MARGIN.left + ((value - binStart) / (xMax - binStart)) * plotWidth;
  const y = (count: number) => MARGIN.top + plotHeight - (count / maxCount) * plotHeight;
  const yStep = tickStep(maxCount, 4);
  const yTicks = Array.from({ length: Math.floor(maxCount / yStep) + 1 }, (_, i) => i * yStep);
  const xStep = Math.max(binWidth, tickStep(xMax - binStart, 8));
  const xTicks = Array.from(
    { length: Math.floor((xMax - binStart) / xStep + 1e-9) + 1 },
    (_, i) => binStart + i * xStep,
  );

  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      className="h-auto w-full max-w-3xl"
      role="img"
      aria-label={ariaLabel}
      data-testid={testId}
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
            {tick.toLocaleString("en-US")}
          </text>
        </g>
      ))}
      {bins.map((count, i) => {
        const left = x(binStart + i * binWidth);
        const right = x(binStart + (i + 1) * binWidth);
        return (
          <rect
            // biome-ignore lint/suspicious/noArrayIndexKey: bins are positional
            key={i}
            x={left + 0.5}
            width={Math.max(1, right - left - 1)}
            y={y(count)}
            height={y(0) - y(count)}
            rx={1}
            className={barClassName}
          >
            <title>
              {formatTick(binStart + i * binWidth)}–{formatTick(binStart + (i + 1) * binWidth)}{" "}
              {unit}: {count.toLocaleString("en-US")}
            </title>
          </rect>
        );
      })}
      {mean !== null && mean > 0 && mean <= xMax ? (
        <g>
          <line
            x1={x(mean)}
            x2={x(mean)}
            y1={MARGIN.top}
            y2={y(0)}
            className="stroke-hema-700"
            strokeDasharray="4 3"
            strokeWidth={1.5}
          />
          <text
            x={x(mean) + 4}
            y={MARGIN.top + 8}
            className="fill-hema-700 stroke-white text-[10px] font-medium"
            strokeWidth={3}
            paintOrder="stroke"
          >
            mean {mean.toFixed(1)} {unit}
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
            {formatTick(tick)}
          </text>
        </g>
      ))}
      <text
        x={MARGIN.left + plotWidth / 2}
        y={HEIGHT - 6}
        textAnchor="middle"
        className="fill-slate-700 text-[11px]"
      >
        {xLabel}
      </text>
      <text
        transform={`translate(12 ${MARGIN.top + plotHeight / 2}) rotate(-90)`}
        textAnchor="middle"
        className="fill-slate-700 text-[11px]"
      >
        {yLabel}
      </text>
    </svg>
  );
}
