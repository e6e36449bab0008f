import { describe, expect, it } from "vitest";
import { formatViewerUrlState, getOverlayTileUrl, parseViewerUrlState } from "./viewer-url-state";

describe("viewer URL state", () => {
  it("parseViewerUrlState reads run, overlay, feature, thresholds and the rectangle to fit", () => {
    const state = parseViewerUrlState(
      new URLSearchParams(
        "run=r1&overlay=abnormal&feature=feretUm&lo=20&hi=60&x=100&y=200&w=300&h=400",
      ),
    );
    expect(state).toEqual({
      runId: "r1",
      overlay: "abnormal",
      feature: "feretUm",
      lo: 20,
      hi: 60,
      rect: { x: 100, y: 200, w: 300, h: 400 },
    });
  });

  it("parseViewerUrlState ignores unknown modes, features and partial or empty rectangles", () => {
    const state = parseViewerUrlState(
      new URLSearchParams("overlay=heatmap&feature=colour&x=1&y=2&w=0&h=5&lo=abc"),
    );
    expect(state).toMatchObject({
      runId: null,
      overlay: null,
      feature: "minFeretUm",
      lo: null,
      rect: null,
    });
  });

  it("formatViewerUrlState round-trips what the viewer writes back", () => {
    const query = formatViewerUrlState({
      runId: "r1",
      overlay: "abnormal",
      feature: "minFeretUm",
      lo: 15,
      hi: 55,
    });
    expect(query).toBe("run=r1&overlay=abnormal&feature=minFeretUm&lo=15&hi=55");
    expect(parseViewerUrlState(new URLSearchParams(query))).toMatchObject({
      lo: 15,
      hi: 55,
      overlay: "abnormal",
    });
  });

  it("getOverlayTileUrl puts level, column and row in the path and the mode, scale and version in the query", () => {
    const url = getOverlayTileUrl({
      projectId: "p",
      runId: "r",
      mode: "feature",
      feature: "minFeretUm",
      min: 12.5,
      max: 60,
      version: 42,
    });
    expect(url(11, 3, 7)).toBe(
      "/api/projects/p/segmentation-runs/r/overlay-tiles/11/3_7.png?mode=feature&feature=minFeretUm&v=42&min=12.5&max=60",
    );
  });
});
