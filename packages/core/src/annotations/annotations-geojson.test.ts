import { describe, expect, it } from "vitest";
import { exportAnnotationsGeoJson, parseAnnotationsGeoJson } from "./annotations-geojson.ts";
import type { PolygonGeometry } from "./polygon-geometry.ts";

const size = { width: 2000, height: 1000 };
const tri: PolygonGeometry = {
  type: "Polygon",
  coordinates: [
    [
      [100, 100],
      [300.5, 120],
      [200, 400.25],
      [100, 100],
    ],
  ],
};
const annotations = [
  { id: "a1", kind: "roi" as const, label: "ROI 1", shape: "square", geometry: tri },
  { id: "a2", kind: "region" as const, label: "M. soleus", shape: "polygon", geometry: tri },
  { id: "a3", kind: "exclusion" as const, label: "freezing", shape: "freehand", geometry: tri },
  { id: "a4", kind: "exclusion" as const, label: "loosening", shape: "polygon", geometry: tri },
  { id: "a5", kind: "exclusion" as const, label: "other", shape: "rectangle", geometry: tri },
  {
    id: "a6",
    kind: "fiber" as const,
    label: "",
    shape: "segmentation",
    geometry: tri,
    sourceRunId: "run1",
    sourceLabel: 17,
  },
];

describe("exportAnnotationsGeoJson(annotations)", () => {
  it("writes QuPath annotations with class names and colours", () => {
    const collection = exportAnnotationsGeoJson(annotations);
    expect(collection.type).toBe("FeatureCollection");
    expect(collection.features.map((f) => f.properties.classification.name)).toEqual([
      "ROI",
      "M. soleus",
      "Freezing artifact (Type I)",
      "Artificial loosening (Type II)",
      "Exclusion",
      "Fiber",
    ]);
    expect(collection.features[1]?.properties).toMatchObject({
      objectType: "annotation",
      name: "M. soleus",
      classification: { color: [0, 160, 255] },
      myoscope: { kind: "region", label: "M. soleus" },
    });
    expect(collection.features[5]?.properties.myoscope).toMatchObject({ sourceLabel: 17 });
  });
});

describe("parseAnnotationsGeoJson(input, size)", () => {
  it("round-trips geometry, kinds, labels and shapes through JSON text", () => {
    const text = JSON.stringify(exportAnnotationsGeoJson(annotations));
    const parsed = parseAnnotationsGeoJson(JSON.parse(text), size);
    expect(
      parsed.map(({ kind, label, shape, geometry }) => ({ kind, label, shape, geometry })),
    ).toEqual(
      annotations.map(({ kind, label, shape, geometry }) => ({ kind, label, shape, geometry })),
    );
  });

  it("maps plain QuPath classes by name and splits a MultiPolygon into polygons", () => {
    const qupath = [
      {
        type: "Feature",
        id: "x",
        geometry: { type: "MultiPolygon", coordinates: [tri.coordinates, tri.coordinates] },
        properties: {
          objectType: "annotation",
          classification: { name: "Artificial loosening (Type II)", color: [1, 2, 3] },
        },
      },
      {
        type: "Feature",
        geometry: tri,
        properties: { objectType: "annotation", classification: { name: "M. gastrocnemius" } },
      },
      {
        type: "Feature",
        geometry: tri,
        properties: { objectType: "annotation", name: "ROI 2", classification: { name: "ROI" } },
      },
      { type: "Feature", geometry: tri, properties: { objectType: "detection" } },
    ];
    const parsed = parseAnnotationsGeoJson(qupath, size);
    expect(parsed.map(({ kind, label, featureIndex }) => [kind, label, featureIndex])).toEqual([
      ["exclusion", "loosening", 0],
      ["exclusion", "loosening", 0],
      ["region", "M. gastrocnemius", 1],
      ["roi", "ROI 2", 2],
      ["fiber", "", 3],
    ]);
    expect(parsed[0]?.shape).toBe("imported");
  });

  it.each([
    [
      "not GeoJSON",
      { hello: 1 },
      "expected a GeoJSON FeatureCollection, Feature or array of Features, got undefined",
    ],
    [
      "a point feature",
      {
        type: "FeatureCollection",
        features: [
          { type: "Feature", geometry: tri, properties: {} },
          { type: "Feature", geometry: { type: "Point", coordinates: [1, 1] }, properties: {} },
        ],
      },
      "feature 1: geometry type Point is not supported (Polygon or MultiPolygon)",
    ],
    [
      "an open ring",
      {
        type: "FeatureCollection",
        features: [
          {
            type: "Feature",
            geometry: {
              type: "Polygon",
              coordinates: [
                [
                  [0, 0],
                  [5, 0],
                  [5, 5],
                ],
              ],
            },
          },
        ],
      },
      "feature 0: ring 0 is not closed",
    ],
    [
      "a polygon outside the image",
      [
        {
          type: "Feature",
          geometry: {
            type: "MultiPolygon",
            coordinates: [
              tri.coordinates,
              [
                [
                  [0, 0],
                  [5000, 0],
                  [5, 5],
                  [0, 0],
                ],
              ],
            ],
          },
        },
      ],
      "feature 0: polygon 1: ring 0, vertex 1 (5000, 0) lies outside the 2000×1000 px image",
    ],
  ])("refuses %s with an error naming the feature", (_what, input, message) => {
    expect(() => parseAnnotationsGeoJson(input, size)).toThrow(message);
  });
});
