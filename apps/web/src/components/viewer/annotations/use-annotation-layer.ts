/**
 * @module viewer/annotations/use-annotation-layer
 * The vector layer the annotations are drawn in, kept in step with the
 * client's copy and the visibility toggles.
 */

import Feature from "ol/Feature";
import type Polygon from "ol/geom/Polygon";
import VectorLayer from "ol/layer/Vector";
import type OlMap from "ol/Map";
import VectorSource from "ol/source/Vector";
import { useEffect, useState } from "react";
import { toMapPolygon } from "./annotation-geometry.ts";
import { isLive } from "./annotation-store.ts";
import { styleAnnotation } from "./annotation-style.ts";
import type { Annotation, Visibility } from "./annotation-types.ts";

export type AnnotationLayer = VectorLayer<VectorSource<Feature<Polygon>>>;

export function isVisible(annotation: Annotation, visibility: Visibility): boolean {
  return (
    isLive(annotation) &&
    visibility.kinds[annotation.kind] &&
    !visibility.hiddenAuthors.has(annotation.author.id)
  );
}

export function useAnnotationLayer(
  map: OlMap,
  annotations: ReadonlyMap<string, Annotation>,
  visibility: Visibility,
  pixelSizeUm: number,
): AnnotationLayer | null {
  const [layer, setLayer] = useState<AnnotationLayer | null>(null);

  useEffect(() => {
    const created: AnnotationLayer = new VectorLayer({
      source: new VectorSource<Feature<Polygon>>(),
      style: (feature) => styleAnnotation(feature, false),
      zIndex: 100,
      properties: { name: "annotations" },
    });
    map.addLayer(created);
    setLayer(created);
    return () => {
      map.removeLayer(created);
      setLayer(null);
    };
  }, [map]);

  useEffect(() => {
    const source = layer?.getSource();
    if (!source) return;
    const wanted = new Set<string>();
    const added: Feature<Polygon>[] = [];
    for (const annotation of annotations.values()) {
      if (!isVisible(annotation, visibility)) continue;
      wanted.add(annotation.id);
      const feature = source.getFeatureById(annotation.id);
      if (!feature) {
        const fresh = new Feature<Polygon>(toMapPolygon(annotation.geometry, pixelSizeUm));
        fresh.setId(annotation.id);
        fresh.set("annotation", annotation);
        added.push(fresh);
      } else if ((feature.get("annotation") as Annotation).version !== annotation.version) {
        feature.setGeometry(toMapPolygon(annotation.geometry, pixelSizeUm));
        feature.set("annotation", annotation);
      }
    }
    for (const feature of source.getFeatures()) {
      if (!wanted.has(String(feature.getId()))) source.removeFeature(feature);
    }
    if (added.length > 0) source.addFeatures(added);
  }, [layer, annotations, visibility, pixelSizeUm]);

  return layer;
}
