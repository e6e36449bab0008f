/**
 * @module docs/format-realism-report
 * Markdown tables comparing real and synthetic measurements.
 */
import {
  describeDistribution,
  EMPTY_SLIDE_OD,
  type HeMeasurements,
  MIN_NUCLEUS_AREA_UM2,
  NUCLEUS_H_OD,
} from "./measure-he-image.ts";

export interface RealismSource {
  name: string;
  kind: "real" | "synthetic";
  images: number;
  /** Pixel size, or the range of the sampled ones. */
  mpp: string;
  hasLabels: boolean;
  measurements: HeMeasurements;
}

function formatDistribution(values: number[], digits = 2): string {
  const d = describeDistribution(values);
  if (d.count === 0) return "–";
  const f = (v: number) => v.toFixed(digits);
  return `${f(d.mean)} ± ${f(d.sd)} (${f(d.p5)} / ${f(d.p50)} / ${f(d.p95)})`;
}

function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(" | ")} |`,
    `|${header.map(() => "---").join("|")}|`,
    ...rows.map((row) => `| ${row.join(" | ")} |`),
  ].join("\n");
}

function label(source: RealismSource): string {
  return source.kind === "real"
    ? `real: ${source.name}`
    : `**${source.name}** (${source.images} images)`;
}

export function formatRealismReport(
  sources: readonly RealismSource[],
  generatorHash: string,
): string {
  const labelled = sources.filter((source) => source.hasLabels);
  const parts = [
    `Generated with generator source hash \`${generatorHash}\`.`,
    "",
    `Optical densities from Ruifrok–Johnston colour deconvolution with the standard H&E vectors, as mean ± sd (p5 / p50 / p95). Tissue = fiber label, or total OD ≥ ${EMPTY_SLIDE_OD}; fiber regions are the Cellpose masks for the real wcchu tiles and the generator's labels for synthetic images (${sources.find((s) => s.kind === "synthetic")?.images ?? 0} images per preset sampled from its ranges).`,
    "",
    "**H and E optical density in fibers and in non-fiber tissue** (images with fiber labels)",
    "",
    table(
      [
        "source",
        "µm/px",
        "H in fibers",
        "E in fibers",
        "H in non-fiber tissue",
        "E in non-fiber tissue",
      ],
      labelled.map((source) => [
        label(source),
        source.mpp,
        formatDistribution(source.measurements.fiberH),
        formatDistribution(source.measurements.fiberE),
        formatDistribution(source.measurements.tissueH),
        formatDistribution(source.measurements.tissueE),
      ]),
    ),
    "",
    "**H and E optical density over all tissue** (every image)",
    "",
    table(
      ["source", "µm/px", "H in tissue", "E in tissue"],
      sources.map((source) => [
        label(source),
        source.mpp,
        formatDistribution(source.measurements.allH),
        formatDistribution(source.measurements.allE),
      ]),
    ),
    "",
    `**Fiber size and nuclei.** Diameters are equivalent-circle diameters of fibers not touching the image border. Nuclei are 8-connected blobs of H OD ≥ ${NUCLEUS_H_OD} of at least ${MIN_NUCLEUS_AREA_UM2} µm², per mm² of tissue; a fiber has a central nucleus when at least ${MIN_NUCLEUS_AREA_UM2 / 2} µm² of such pixels lie within half its equivalent radius of its centroid.`,
    "",
    table(
      [
        "source",
        "fibers measured",
        "diameter µm",
        "nuclei / mm² tissue",
        "nuclear area % of tissue",
        "fibers with central nucleus",
      ],
      sources.map((source) => {
        const m = source.measurements;
        const tissueMm2 = m.tissueAreaUm2 / 1e6;
        return [
          label(source),
          source.hasLabels ? String(m.fibersMeasured) : "–",
          source.hasLabels ? formatDistribution(m.fiberDiametersUm, 1) : "–",
          (m.nucleusCount / tissueMm2).toFixed(0),
          ((100 * m.nuclearAreaUm2) / m.tissueAreaUm2).toFixed(1),
          source.hasLabels && m.fibersMeasured > 0
            ? `${((100 * m.fibersWithCentralNucleus) / m.fibersMeasured).toFixed(0)} %`
            : "–",
        ];
      }),
    ),
  ];
  return parts.join("\n");
}
