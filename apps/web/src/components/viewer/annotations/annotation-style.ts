/**
 * @module viewer/annotations/annotation-style
 * One colour per class (exclusions per type); selected shapes drawn thicker,
 * ROI and region names written inside.
 */
import { getAnnotationColor } from "@myoscope/core/annotations/annotation-classes";
import type { FeatureLike } from "ol/Feature";
import Fill from "ol/style/Fill";
import Stroke from "ol/style/Stroke";
import Style from "ol/style/Style";
import Text from "ol/style/Text";
import type { Annotation } from "./annotation-types.ts";

const cache = new Map<string, Style>();

export function styleAnnotation(feature: FeatureLike, isSelected: boolean): Style {
  const annotation = feature.get("annotation") as Annotation | undefined;
  const kind = annotation?.kind ?? "roi";
  const label = annotation?.label ?? "";
  const key = `${kind}|${label}|${isSelected}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const [r, g, b] = getAnnotationColor({ kind, label });
  const isFiber = kind === "fiber";
  const style = new Style({
    stroke: new Stroke({
      color: `rgba(${r},${g},${b},${isSelected ? 1 : 0.9})`,
      width: isSelected ? 3.5 : isFiber ? 1.25 : 2,
      ...(kind === "exclusion" ? { lineDash: [8, 4] } : {}),
    }),
    fill: new Fill({ color: `rgba(${r},${g},${b},${isSelected ? 0.25 : isFiber ? 0.12 : 0.06})` }),
    ...((kind === "roi" || kind === "region") && label
      ? {
          text: new Text({
            text: label,
            font: "600 12px system-ui, sans-serif",
            fill: new Fill({ color: `rgb(${r},${g},${b})` }),
            stroke: new Stroke({ color: "rgba(255,255,255,0.9)", width: 3 }),
            overflow: true,
          }),
        }
      : {}),
  });
  cache.set(key, style);
  return style;
}
