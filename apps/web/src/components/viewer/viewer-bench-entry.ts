/**
 * @module viewer/viewer-bench-entry
 * Browser side of `npm run bench:viewer` (scripts/bench/bench-viewer.ts), bundled by
 * esbuild, never by Next: the viewer's own
 * map (createSectionMap) over the benchmark server's tiles, plus a scripted
 * pan/zoom sequence that records requestAnimationFrame deltas.
 */
import { createSectionMap, type SectionImage } from "./create-section-map";

declare global {
  interface Window {
    benchViewer: {
      setOverlay(isOn: boolean): void;
      waitForIdle(): Promise<void>;
      animate(
        steps: { zoomBy?: number; panBy?: [number, number]; duration: number }[],
      ): Promise<void>;
      startRecording(): void;
      stopRecording(): number[];
      fit(): void;
      tileErrors: number;
    };
  }
}

const params = new URLSearchParams(window.location.search);
const image: SectionImage = JSON.parse(params.get("image") ?? "{}") as SectionImage;
const target = document.getElementById("map") as HTMLElement;
const sectionMap = createSectionMap({
  target,
  image,
  baseTileUrl: (z, x, y) => `/base/${z}/${x}_${y}.jpg`,
});
const view = sectionMap.map.getView();
let deltas: number[] = [];
let recording = false;
let last = 0;
const tick = (time: number) => {
  if (!recording) return;
  if (last) deltas.push(time - last);
  last = time;
  requestAnimationFrame(tick);
};

window.benchViewer = {
  tileErrors: 0,
  setOverlay(isOn) {
    sectionMap.setOverlay(isOn ? (z, x, y) => `/overlay/${z}/${x}_${y}.png` : null);
    sectionMap.overlayLayer.setOpacity(0.75);
  },
  waitForIdle() {
    return new Promise((resolve) => {
      sectionMap.map.once("rendercomplete", () => resolve());
      sectionMap.map.render();
    });
  },
  async animate(steps) {
    for (const step of steps) {
      await new Promise<void>((resolve) => {
        const center = view.getCenter() as [number, number];
        const resolution = view.getResolution() as number;
        view.animate(
          {
            duration: step.duration,
            ...(step.zoomBy ? { resolution: resolution / step.zoomBy } : {}),
            ...(step.panBy
              ? {
                  center: [
                    center[0] + step.panBy[0] * resolution,
                    center[1] + step.panBy[1] * resolution,
                  ],
                }
              : {}),
          },
          () => resolve(),
        );
      });
    }
  },
  startRecording() {
    deltas = [];
    last = 0;
    recording = true;
    requestAnimationFrame(tick);
  },
  stopRecording() {
    recording = false;
    return deltas;
  },
  fit() {
    sectionMap.fitImage();
  },
};
