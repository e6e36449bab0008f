/**
 * @module bench-postprocess
 * `npm run bench:postprocess [-- --megapixels 50 --mpp 0.8 --radius 28 --gap 4]`
 *
 * Seconds (wall and CPU) for the paper's post-processing
 * (`postprocessSegmentation`) of a synthetic section: polygonal fibers packed
 * like a muscle cross-section, a 2-px boundary band inside each, thin
 * endomysium between them, probability maps as a 3-class softmax would give.
 * Prints the stage timings, the counts and the peak RSS. On a shared machine
 * read the CPU seconds: wall time includes waiting for the cores.
 */
import { parseArgs } from "node:util";
import { postprocessSegmentation } from "@myoscope/core/postprocess/postprocess-segmentation";

const { values } = parseArgs({
  options: {
    megapixels: { type: "string", default: "50" },
    mpp: { type: "string", default: "0.8" },
    radius: { type: "string", default: "28" },
    gap: { type: "string", default: "4" },
  },
});
const megapixels = Number(values.megapixels);
const mpp = Number(values.mpp);
const radius = Number(values.radius);
const gap = Number(values.gap);
if (!(megapixels > 0) || !(mpp > 0) || !(radius > 3) || !(gap >= 0)) {
  throw new RangeError(
    `expected --megapixels > 0, --mpp > 0, --radius > 3, --gap ≥ 0, got ${JSON.stringify(values)}`,
  );
}

// Polygonal fibers (the Voronoi cells of a jittered grid with spacing 2 × radius), `gap` px of
// endomysium along every cell border, a 2-px boundary band inside each fiber, and 5 % of the
// section's side of empty slide all around.
const side = Math.round(Math.sqrt(megapixels * 1e6));
const width = side;
const height = side;
const spacing = 2 * radius;
const columns = Math.ceil(width / spacing) + 2;
const rows = Math.ceil(height / spacing) + 2;
let state = 12345;
const random = () => {
  state = (state * 1103515245 + 12345) % 2147483648;
  return state / 2147483648;
};
const centreX = Float32Array.from(
  { length: columns * rows },
  (_, k) => ((k % columns) + 0.2 + 0.6 * random()) * spacing,
);
const centreY = Float32Array.from(
  { length: columns * rows },
  (_, k) => (Math.floor(k / columns) + 0.2 + 0.6 * random()) * spacing,
);
const fiberProb = new Uint8Array(width * height);
const boundaryProb = new Uint8Array(width * height);
const margin = Math.round(side * 0.05);
const started = performance.now();
for (let y = 0; y < height; y++) {
  const gy = Math.floor(y / spacing);
  for (let x = 0; x < width; x++) {
    const i = y * width + x;
    fiberProb[i] = 5;
    boundaryProb[i] = 5;
    if (x < margin || y < margin || x >= width - margin || y >= height - margin) continue;
    const gx = Math.floor(x / spacing);
    let nearest = Number.POSITIVE_INFINITY;
    let second = Number.POSITIVE_INFINITY;
    for (let v = Math.max(gy - 1, 0); v <= gy + 1; v++) {
      for (let u = Math.max(gx - 1, 0); u <= gx + 1; u++) {
        const k = v * columns + u;
        const dx = x - (centreX[k] as number);
        const dy = y - (centreY[k] as number);
        const d = Math.sqrt(dx * dx + dy * dy);
        if (d < nearest) {
          second = nearest;
          nearest = d;
        } else if (d < second) {
          second = d;
        }
      }
    }
    // Half the difference of the two nearest distances approximates the distance to the cell border.
    const depth = (second - nearest) / 2 - gap / 2;
    if (depth >= 2) fiberProb[i] = 240;
    else if (depth >= 0) boundaryProb[i] = 240;
  }
}
const generateSeconds = (performance.now() - started) / 1000;

const start = performance.now();
const cpuStart = process.cpuUsage();
const result = postprocessSegmentation({ fiberProb, boundaryProb, width, height, mpp });
const seconds = (performance.now() - start) / 1000;
const cpu = process.cpuUsage(cpuStart);
const { summary } = result;
console.log(
  `section ${width}×${height} (${((width * height) / 1e6).toFixed(1)} MP) at ${mpp} µm/px, generated in ${generateSeconds.toFixed(1)} s`,
);
console.log(
  `post-processing: ${seconds.toFixed(2)} s wall (${((width * height) / 1e6 / seconds).toFixed(1)} MP/s), ` +
    `${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU`,
);
console.log("stages (ms):", JSON.stringify(summary.timingsMs));
console.log("counts:", JSON.stringify(summary.counts));
console.log(
  `connective tissue fraction ${summary.connectiveTissue.segmentation.fraction.toFixed(4)}, ` +
    `mean local thickness ${summary.localThickness?.meanUm.toFixed(2)} µm`,
);
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
