/**
 * @module viewer/colormap
 * Perceptually uniform colour map for feature fills. Viridis (van der Walt and
 * Smith, matplotlib) as its ten-step sampling, linearly interpolated: the steps
 * differ from the 256-entry table by under 2 levels per channel.
 */

const VIRIDIS_STEPS: readonly (readonly [number, number, number])[] = [
  [0x44, 0x01, 0x54],
  [0x48, 0x28, 0x78],
  [0x3e, 0x49, 0x89],
  [0x31, 0x68, 0x8e],
  [0x26, 0x82, 0x8e],
  [0x1f, 0x9e, 0x89],
  [0x35, 0xb7, 0x79],
  [0x6e, 0xce, 0x58],
  [0xb5, 0xde, 0x2b],
  [0xfd, 0xe7, 0x25],
];

/** Viridis at `t` ∈ [0, 1] (clamped; NaN throws) as [r, g, b] bytes. */
export function sampleViridis(t: number): [number, number, number] {
  if (Number.isNaN(t)) throw new RangeError(`t must be a number in [0, 1], got ${t}`);
  const clamped = Math.min(1, Math.max(0, t));
  const position = clamped * (VIRIDIS_STEPS.length - 1);
  const index = Math.min(VIRIDIS_STEPS.length - 2, Math.floor(position));
  const fraction = position - index;
  const a = VIRIDIS_STEPS[index] as readonly [number, number, number];
  const b = VIRIDIS_STEPS[index + 1] as readonly [number, number, number];
  return [
    Math.round(a[0] + (b[0] - a[0]) * fraction),
    Math.round(a[1] + (b[1] - a[1]) * fraction),
    Math.round(a[2] + (b[2] - a[2]) * fraction),
  ];
}

/** CSS `linear-gradient` stops of viridis, for legends drawn with the same colours as the tiles. */
export function getViridisCssGradient(direction = "to right"): string {
  const stops = VIRIDIS_STEPS.map(
    ([r, g, b], i) => `rgb(${r} ${g} ${b}) ${((i / (VIRIDIS_STEPS.length - 1)) * 100).toFixed(1)}%`,
  );
  return `linear-gradient(${direction}, ${stops.join(", ")})`;
}
