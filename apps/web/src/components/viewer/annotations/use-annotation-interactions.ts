/**
 * @module viewer/annotations/use-annotation-interactions
 * The OpenLayers interactions of the current tool: select/modify/translate,
 * draw polygon/rectangle/freehand, place a square ROI by a click, or draw a
 * cut line. Handlers are read through a ref so that re-renders do not
 * rebuild the interactions (which would drop a half-drawn shape).
 */
import type Feature from "ol/Feature";
import type LineString from "ol/geom/LineString";
import type Polygon from "ol/geom/Polygon";
import Draw, { createBox, type DrawEvent } from "ol/interaction/Draw";
import type Interaction from "ol/interaction/Interaction";
import Modify, { type ModifyEvent } from "ol/interaction/Modify";
import Select from "ol/interaction/Select";
import Translate, { type TranslateEvent } from "ol/interaction/Translate";
import type OlMap from "ol/Map";
import type MapBrowserEvent from "ol/MapBrowserEvent";
import { type RefObject, useEffect, useRef } from "react";
import { styleAnnotation } from "./annotation-style.ts";
import type { AnnotationTool } from "./annotation-types.ts";
import type { AnnotationLayer } from "./use-annotation-layer.ts";

/** Map property set while an annotation tool other than Select is active. */
export const ANNOTATING_PROPERTY = "myoscope:annotating";

export interface InteractionHandlers {
  onDrawn(polygon: Polygon, shape: "polygon" | "rectangle" | "freehand"): void;
  onSquareAt(coordinate: number[]): void;
  onCutLine(coordinates: number[][]): void;
  onEdited(features: Feature<Polygon>[]): void;
  onSelectionChange(ids: string[]): void;
}

export function useAnnotationInteractions(
  map: OlMap,
  layer: AnnotationLayer | null,
  tool: AnnotationTool,
  canEdit: boolean,
  handlers: RefObject<InteractionHandlers>,
): RefObject<Select | null> {
  const selectRef = useRef<Select | null>(null);

  useEffect(() => {
    if (!layer || !canEdit) return;
    const interactions: Interaction[] = [];
    const cleanups: (() => void)[] = [];
    if (tool === "select") {
      const select = new Select({
        layers: [layer],
        style: (feature) => styleAnnotation(feature, true),
        hitTolerance: 4,
      });
      select.on("select", () => {
        handlers.current.onSelectionChange(
          select
            .getFeatures()
            .getArray()
            .map((f) => String(f.getId())),
        );
      });
      const translate = new Translate({ features: select.getFeatures() });
      const modify = new Modify({ features: select.getFeatures() });
      const edited = (event: ModifyEvent | TranslateEvent) =>
        handlers.current.onEdited(event.features.getArray() as Feature<Polygon>[]);
      translate.on("translateend", edited);
      modify.on("modifyend", edited);
      // Interactions run last-added first: vertices (modify) win over dragging (translate).
      interactions.push(select, translate, modify);
      selectRef.current = select;
      cleanups.push(() => {
        selectRef.current = null;
        handlers.current.onSelectionChange([]);
      });
    } else if (tool === "square") {
      const onClick = (event: MapBrowserEvent) => handlers.current.onSquareAt(event.coordinate);
      map.on("singleclick", onClick);
      cleanups.push(() => map.un("singleclick", onClick));
    } else if (tool === "split") {
      const draw = new Draw({ type: "LineString" });
      draw.on("drawend", (event: DrawEvent) =>
        handlers.current.onCutLine((event.feature.getGeometry() as LineString).getCoordinates()),
      );
      interactions.push(draw);
    } else {
      const draw =
        tool === "rectangle"
          ? new Draw({ type: "Circle", geometryFunction: createBox() })
          : new Draw({ type: "Polygon", freehand: tool === "freehand" });
      draw.on("drawend", (event: DrawEvent) =>
        handlers.current.onDrawn(event.feature.getGeometry() as Polygon, tool),
      );
      interactions.push(draw);
    }
    for (const interaction of interactions) map.addInteraction(interaction);
    // While drawing, a click belongs to the drawing: the viewer's fiber picking reads this.
    map.set(ANNOTATING_PROPERTY, canEdit && tool !== "select");
    return () => {
      map.set(ANNOTATING_PROPERTY, false);
      for (const interaction of interactions) map.removeInteraction(interaction);
      for (const cleanup of cleanups) cleanup();
    };
  }, [map, layer, tool, canEdit, handlers]);

  return selectRef;
}
