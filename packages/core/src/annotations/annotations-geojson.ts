/**
 * @module annotations/annotations-geojson
 * QuPath-compatible GeoJSON: a FeatureCollection of Features whose properties
 * carry `objectType: "annotation"` and `classification: { name, color }`.
 * Our kind, label and drawing tool travel in `properties.myoscope` so a round
 * trip through Myoscope is exact; files from QuPath are mapped by class name.
 */
import { AppError, isAppError } from "../errors/app-error.ts";
import {
  ANNOTATION_KINDS,
  type AnnotationKind,
  getAnnotationColor,
  getQuPathClassName,
  parseQuPathClassName,
  type Rgb,
} from "./annotation-classes.ts";
import { type PolygonGeometry, validatePolygon } from "./polygon-geometry.ts";

export interface ExportableAnnotation {
  id: string;
  kind: AnnotationKind;
  label: string;
  shape: string;
  geometry: PolygonGeometry;
  sourceRunId?: string | null;
  sourceLabel?: number | null;
}

export interface AnnotationFeature {
  type: "Feature";
  id: string;
  geometry: PolygonGeometry;
  properties: {
    objectType: "annotation";
    name?: string;
    classification: { name: string; color: Rgb };
    myoscope: {
      kind: AnnotationKind;
      label: string;
      shape: string;
      sourceRunId?: string;
      sourceLabel?: number;
    };
  };
}

export interface AnnotationFeatureCollection {
  type: "FeatureCollection";
  features: AnnotationFeature[];
}

/** The annotations as a QuPath-readable FeatureCollection (pixel coordinates, y down). */
export function exportAnnotationsGeoJson(
  annotations: readonly ExportableAnnotation[],
): AnnotationFeatureCollection {
  return {
    type: "FeatureCollection",
    features: annotations.map((a) => ({
      type: "Feature",
      id: a.id,
      geometry: a.geometry,
      properties: {
        objectType: "annotation",
        ...(a.label && (a.kind === "roi" || a.kind === "region") ? { name: a.label } : {}),
        classification: { name: getQuPathClassName(a), color: getAnnotationColor(a) },
        myoscope: {
          kind: a.kind,
          label: a.label,
          shape: a.shape,
          ...(a.sourceRunId ? { sourceRunId: a.sourceRunId } : {}),
          ...(a.sourceLabel != null ? { sourceLabel: a.sourceLabel } : {}),
        },
      },
    })),
  };
}

export interface ImportedAnnotation {
  kind: AnnotationKind;
  label: string;
  shape: string;
  geometry: PolygonGeometry;
  /** Index of the feature it came from (a MultiPolygon yields several). */
  featureIndex: number;
}

export interface ParseAnnotationsGeoJsonOptions {
  /** Section width in level-0 px. */
  width: number;
  /** Section height in level-0 px. */
  height: number;
  /**
   * Most polygons accepted from one file.
   * @default 200000
   */
  maxPolygons?: number;
  /**
   * See `validatePolygon`.
   * @default 2
   */
  tolerancePx?: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function readClass(properties: Record<string, unknown>): { kind: AnnotationKind; label: string } {
  const ours = properties.myoscope;
  if (isRecord(ours) && (ANNOTATION_KINDS as readonly unknown[]).includes(ours.kind)) {
    return {
      kind: ours.kind as AnnotationKind,
      label: typeof ours.label === "string" ? ours.label.slice(0, 200) : "",
    };
  }
  const classification = properties.classification;
  const className = isRecord(classification)
    ? classification.name
    : typeof classification === "string"
      ? classification
      : properties.classification === undefined
        ? undefined
        : null;
  const name = typeof properties.name === "string" ? properties.name.slice(0, 200) : "";
  if (typeof className === "string" && className.trim()) {
    const parsed = parseQuPathClassName(className.slice(0, 200));
    return parsed.kind === "roi" ? { kind: "roi", label: name } : parsed;
  }
  // QuPath detections without a class are objects such as cells: fibers here.
  if (properties.objectType === "detection" || properties.objectType === "cell") {
    return { kind: "fiber", label: "" };
  }
  return { kind: "region", label: name };
}

/**
 * Reads a FeatureCollection (or a bare Feature, or an array of Features, as
 * QuPath also writes) into annotations, validating every polygon against the
 * section size. All or nothing: the first problem throws.
 * @throws AppError BAD_REQUEST naming the feature index and what is wrong.
 */
export function parseAnnotationsGeoJson(
  input: unknown,
  options: ParseAnnotationsGeoJsonOptions,
): ImportedAnnotation[] {
  const { width, height, maxPolygons = 200_000, tolerancePx = 2 } = options;
  let features: unknown[];
  if (Array.isArray(input)) features = input;
  else if (isRecord(input) && input.type === "FeatureCollection") {
    if (!Array.isArray(input.features)) {
      throw new AppError("BAD_REQUEST", "a FeatureCollection needs a features array");
    }
    features = input.features;
  } else if (isRecord(input) && input.type === "Feature") features = [input];
  else {
    const type = isRecord(input) ? String(input.type) : typeof input;
    throw new AppError(
      "BAD_REQUEST",
      `expected a GeoJSON FeatureCollection, Feature or array of Features, got ${type}`,
    );
  }
  const out: ImportedAnnotation[] = [];
  features.forEach((feature, index) => {
    const fail = (message: string) => new AppError("BAD_REQUEST", `feature ${index}: ${message}`);
    if (!isRecord(feature) || feature.type !== "Feature") throw fail("not a GeoJSON Feature");
    const properties = isRecord(feature.properties) ? feature.properties : {};
    const geometry = feature.geometry;
    if (!isRecord(geometry)) throw fail("has no geometry");
    let parts: unknown[];
    if (geometry.type === "Polygon") parts = [geometry.coordinates];
    else if (geometry.type === "MultiPolygon") {
      if (!Array.isArray(geometry.coordinates) || geometry.coordinates.length === 0) {
        throw fail("MultiPolygon has no polygons");
      }
      parts = geometry.coordinates;
    } else {
      throw fail(
        `geometry type ${String(geometry.type)} is not supported (Polygon or MultiPolygon)`,
      );
    }
    const { kind, label } = readClass(properties);
    const ours = isRecord(properties.myoscope) ? properties.myoscope : {};
    const shape = typeof ours.shape === "string" ? ours.shape.slice(0, 32) : "imported";
    parts.forEach((coordinates, part) => {
      if (out.length >= maxPolygons) {
        throw fail(`a file may hold at most ${maxPolygons} polygons`);
      }
      try {
        const polygon = validatePolygon(
          { type: "Polygon", coordinates },
          { width, height, tolerancePx },
        );
        out.push({ kind, label, shape, geometry: polygon, featureIndex: index });
      } catch (error) {
        if (!isAppError(error)) throw error;
        throw fail(parts.length > 1 ? `polygon ${part}: ${error.message}` : error.message);
      }
    });
  });
  return out;
}
