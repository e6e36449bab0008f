import type { MarkerShape } from "./chart-style";

/** A scatter marker of about `size` px centred on (x, y). */
export function Marker({
  shape,
  x,
  y,
  size = 8,
  colour,
  children,
}: {
  shape: MarkerShape;
  x: number;
  y: number;
  size?: number;
  colour: string;
  children?: React.ReactNode;
}) {
  const r = size / 2;
  const common = { fill: colour, fillOpacity: 0.75, stroke: colour, strokeWidth: 1 };
  switch (shape) {
    case "circle":
      return (
        <circle cx={x} cy={y} r={r} {...common}>
          {children}
        </circle>
      );
    case "square":
      return (
        <rect x={x - r} y={y - r} width={size} height={size} {...common}>
          {children}
        </rect>
      );
    case "triangle":
      return (
        <polygon
          points={`${x},${y - r * 1.15} ${x - r},${y + r * 0.85} ${x + r},${y + r * 0.85}`}
          {...common}
        >
          {children}
        </polygon>
      );
    case "diamond":
      return (
        <polygon points={`${x},${y - r} ${x + r},${y} ${x},${y + r} ${x - r},${y}`} {...common}>
          {children}
        </polygon>
      );
    case "cross":
      return (
        <path
          d={`M${x - r},${y - r}L${x + r},${y + r}M${x - r},${y + r}L${x + r},${y - r}`}
          stroke={colour}
          strokeWidth={2}
          fill="none"
        >
          {children}
        </path>
      );
  }
}
