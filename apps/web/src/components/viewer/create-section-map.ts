/**
 * @module viewer/create-section-map
 * The OpenLayers map of one section, without React: a DeepZoom base layer in µm
 * (y up, see coordinates.ts), an overlay tile layer, a highlight layer, scale bar
 * and overview map, keyboard navigation (arrows, +/−, 0 = fit). The React viewer
 * and the frame-time benchmark build the map with this one function.
 */

import { defaults as defaultControls, OverviewMap, ScaleLine } from "ol/control";
import type { Extent } from "ol/extent";
import Feature from "ol/Feature";
import Polygon from "ol/geom/Polygon";
import type ImageTile from "ol/ImageTile";
import { defaults as defaultInteractions } from "ol/interaction";
import TileLayer from "ol/layer/Tile";
import VectorLayer from "ol/layer/Vector";
import OlMap from "ol/Map";
import TileImage from "ol/source/TileImage";
import VectorSource from "ol/source/Vector";
import Stroke from "ol/style/Stroke";
import Style from "ol/style/Style";
import type Tile from "ol/Tile";
import TileState from "ol/TileState";
import TileGrid from "ol/tilegrid/TileGrid";
import View from "ol/View";
import { createMicronProjection, pixelToMap } from "./coordinates";

export interface SectionImage {
  width: number;
  height: number;
  pixelSizeUm: number;
  tileSize: number;
  maxLevel: number;
}

const OVERLAY_TILE_SIZE = 256;

export type TileUrl = (level: number, column: number, row: number) => string;

export interface SectionMap {
  map: OlMap;
  overlayLayer: TileLayer<TileImage>;
  /** Shows tiles from `url` over the section (a new source per call), or none. */
  setOverlay(url: TileUrl | null): void;
  /** Outlines a polygon given as flat level-0 pixel x,y pairs; null clears. */
  highlight(contourPx: readonly number[] | null): void;
  fitImage(options?: { duration?: number }): void;
  /** Fits a level-0 pixel rectangle (x, y = top left, y down). */
  fitPixelRect(rect: { x: number; y: number; w: number; h: number }): void;
  dispose(): void;
}

/** Resolutions (µm per screen pixel) of DeepZoom levels 0 … maxLevel, coarsest first. */
function getResolutions(image: SectionImage): number[] {
  return Array.from(
    { length: image.maxLevel + 1 },
    (_, level) => image.pixelSizeUm * 2 ** (image.maxLevel - level),
  );
}

function createTileGrid(image: SectionImage, extent: Extent, tileSize: number): TileGrid {
  // Origin at the image's top-left corner (µm, y up): DeepZoom's column/row order.
  return new TileGrid({ extent, origin: [0, 0], resolutions: getResolutions(image), tileSize });
}

/**
 * DeepZoom crops the last column and row of tiles; OpenLayers stretches every
 * tile image over a full tile, so edge tiles are drawn into a full-size canvas.
 */
function loadPaddedTile(tileSize: number) {
  return (tile: Tile, src: string) => {
    const imageTile = tile as ImageTile;
    const image = new Image();
    image.decoding = "async";
    image.onload = () => {
      if (image.naturalWidth === tileSize && image.naturalHeight === tileSize) {
        imageTile.setImage(image);
        return;
      }
      const canvas = document.createElement("canvas");
      canvas.width = tileSize;
      canvas.height = tileSize;
      canvas.getContext("2d")?.drawImage(image, 0, 0);
      imageTile.setImage(canvas);
    };
    image.onerror = () => imageTile.setState(TileState.ERROR);
    image.src = src;
  };
}

/** OpenLayers' tile coordinate [z, x, y] is DeepZoom's [level, column, row]. */
function toTileUrlFunction(url: TileUrl) {
  return (coord: readonly number[]) => url(coord[0] ?? 0, coord[1] ?? 0, coord[2] ?? 0);
}

function createTileSource(grid: TileGrid, url: TileUrl, padEdges: boolean): TileImage {
  return new TileImage({
    tileGrid: grid,
    tileUrlFunction: toTileUrlFunction(url),
    ...(padEdges ? { tileLoadFunction: loadPaddedTile(OVERLAY_TILE_SIZE) } : {}),
    transition: 150,
    interpolate: true,
  });
}

export function createSectionMap(options: {
  target: HTMLElement;
  image: SectionImage;
  baseTileUrl: TileUrl;
}): SectionMap {
  const { image, target } = options;
  const projection = createMicronProjection(image.width, image.height, image.pixelSizeUm);
  const extent = projection.getExtent();
  // [0, −height µm, width µm, 0]
  const [, bottom, right] = extent as [number, number, number, number];
  const resolutions = getResolutions(image);
  const baseGrid = createTileGrid(image, extent, image.tileSize);
  const overlayGrid = createTileGrid(image, extent, OVERLAY_TILE_SIZE);
  const baseSource = new TileImage({
    projection,
    tileGrid: baseGrid,
    tileUrlFunction: toTileUrlFunction(options.baseTileUrl),
    tileLoadFunction: loadPaddedTile(image.tileSize),
    transition: 150,
  });
  const baseLayer = new TileLayer({ source: baseSource, preload: 2, className: "ol-layer base" });
  const overlayLayer = new TileLayer<TileImage>({ className: "ol-layer overlay", visible: false });
  const highlightSource = new VectorSource();
  const highlightLayer = new VectorLayer({
    source: highlightSource,
    style: [
      new Style({ stroke: new Stroke({ color: "rgba(15, 23, 42, 0.9)", width: 5 }) }),
      new Style({ stroke: new Stroke({ color: "#facc15", width: 2.5 }) }),
    ],
  });
  const view = new View({
    projection,
    center: [right / 2, bottom / 2],
    resolution: resolutions[0],
    // Four times past full resolution, and out to the whole section with a margin.
    minResolution: image.pixelSizeUm / 4,
    maxResolution: resolutions[0] ?? 1,
    extent: [-right * 0.5, bottom * 1.5, right * 1.5, -bottom * 0.5],
    constrainOnlyCenter: true,
    smoothResolutionConstraint: true,
  });
  const map = new OlMap({
    target,
    layers: [baseLayer, overlayLayer, highlightLayer],
    view,
    controls: defaultControls({ attribution: false, rotate: false }).extend([
      new ScaleLine({ units: "metric", bar: true, steps: 4, text: false, minWidth: 120 }),
      new OverviewMap({
        layers: [new TileLayer({ source: baseSource })],
        collapsed: false,
        collapsible: true,
        tipLabel: "Overview",
        className: "ol-overviewmap myoscope-overview",
      }),
    ]),
    interactions: defaultInteractions({ keyboard: true }),
  });

  // Fitting needs the map's size, which a target not yet laid out does not have.
  const whenSized = (fn: () => void) => {
    if (map.getSize()?.every((side) => side > 0)) fn();
    else map.once("change:size", () => fn());
  };
  const fitImage: SectionMap["fitImage"] = (fit = {}) => {
    whenSized(() => view.fit(extent, { padding: [16, 16, 16, 16], duration: fit.duration ?? 0 }));
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "0" && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      fitImage({ duration: 250 });
    }
  };
  target.addEventListener("keydown", onKeyDown);
  fitImage();

  return {
    map,
    overlayLayer,
    setOverlay(url) {
      if (!url) {
        overlayLayer.setVisible(false);
        overlayLayer.setSource(null);
        return;
      }
      overlayLayer.setSource(createTileSource(overlayGrid, url, false));
      overlayLayer.setVisible(true);
    },
    highlight(contourPx) {
      highlightSource.clear();
      if (!contourPx || contourPx.length < 6) return;
      const ring: number[][] = [];
      for (let i = 0; i + 1 < contourPx.length; i += 2) {
        ring.push(
          pixelToMap([contourPx[i] as number, contourPx[i + 1] as number], image.pixelSizeUm),
        );
      }
      ring.push(ring[0] as number[]);
      highlightSource.addFeature(new Feature(new Polygon([ring])));
    },
    fitImage,
    fitPixelRect(rect) {
      const [x0, y0] = pixelToMap([rect.x, rect.y + rect.h], image.pixelSizeUm);
      const [x1, y1] = pixelToMap([rect.x + rect.w, rect.y], image.pixelSizeUm);
      whenSized(() => view.fit([x0, y0, x1, y1], { padding: [24, 24, 24, 24] }));
    },
    dispose() {
      target.removeEventListener("keydown", onKeyDown);
      map.setTarget(undefined);
      map.dispose();
    },
  };
}
