/**
 * @module docs/draw-label-overlay
 * Ground-truth overlays for the docs pictures: instance outlines, tinted
 * instances, and the 3-class mask as grey levels.
 */
import type { RgbImage } from "./compose-panels.ts";

/** True where the label differs from its right or lower neighbour (a 1-px outline). */
function isOutline(
  labels: Uint16Array,
  width: number,
  height: number,
  x: number,
  y: number,
): boolean {
  const i = y * width + x;
  const label = labels[i] as number;
  return (
    (x + 1 < width && labels[i + 1] !== label) || (y + 1 < height && labels[i + width] !== label)
  );
}

/** Copies `image` and draws label outlines in green where `x >= fromX`. */
export function drawOutlines(image: RgbImage, labels: Uint16Array, fromX = 0): RgbImage {
  const rgb = Uint8Array.from(image.rgb);
  for (let y = 0; y < image.height; y++) {
    for (let x = fromX; x < image.width; x++) {
      if (!isOutline(labels, image.width, image.height, x, y)) continue;
      const p = (y * image.width + x) * 3;
      rgb[p] = 40;
      rgb[p + 1] = 235;
      rgb[p + 2] = 60;
    }
  }
  if (fromX > 0) {
    // A thin white divider marks where the outlined half starts.
    for (let y = 0; y < image.height; y++)
      rgb.fill(255, (y * image.width + fromX) * 3, (y * image.width + fromX) * 3 + 3);
  }
  return { width: image.width, height: image.height, rgb };
}

/** Tints each instance with its own colour and paints the boundary class white. */
export function drawInstances(image: RgbImage, labels: Uint16Array, classes: Uint8Array): RgbImage {
  const rgb = Uint8Array.from(image.rgb);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] as number;
    const p = i * 3;
    if (classes[i] === 2) {
      rgb[p] = 255;
      rgb[p + 1] = 255;
      rgb[p + 2] = 255;
    } else if (label !== 0) {
      // Golden-angle hues keep neighbouring ids apart.
      const hue = (label * 137.508) % 360;
      const [r, g, b] = hueToRgb(hue);
      rgb[p] = 0.45 * (rgb[p] as number) + 0.55 * r;
      rgb[p + 1] = 0.45 * (rgb[p + 1] as number) + 0.55 * g;
      rgb[p + 2] = 0.45 * (rgb[p + 2] as number) + 0.55 * b;
    }
  }
  return { width: image.width, height: image.height, rgb };
}

/** The 3-class mask as grey levels: 0 black, 1 grey, 2 white. */
export function drawClasses(classes: Uint8Array, width: number, height: number): RgbImage {
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < classes.length; i++)
    rgb.fill(classes[i] === 2 ? 255 : classes[i] === 1 ? 128 : 0, i * 3, i * 3 + 3);
  return { width, height, rgb };
}

function hueToRgb(hue: number): [number, number, number] {
  const f = (n: number) => {
    const k = (n + hue / 60) % 6;
    return 255 * (1 - Math.max(0, Math.min(k, 4 - k, 1)));
  };
  return [f(5), f(3), f(1)];
}
