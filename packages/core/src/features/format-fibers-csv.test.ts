import { describe, expect, it } from "vitest";
import type { FiberFeatures } from "./fiber-features.ts";
import { formatFibersCsv } from "./format-fibers-csv.ts";

const fiber: FiberFeatures = {
  label: 42,
  areaPx: 100,
  areaUm2: 7.695,
  perimeterUm: 10.4567891,
  circularity: 0.88617968,
  feretUm: 3.9,
  minFeretUm: 2.77,
  feretAngle: 135,
  feretX: 2,
  feretY: 5,
  majorUm: 3.1,
  minorUm: 3.1,
  aspectRatio: 1,
  roundness: 1,
  solidity: 1,
  equivalentDiameterUm: 3.13,
  centroidX: 7,
  centroidY: 10.5,
  bbox: { x: 2, y: 5, width: 10, height: 10 },
  touchesEdge: false,
};

describe("formatFibersCsv(fibers)", () => {
  it("starts with the contract columns label … centroid_y, then the other features", () => {
    const [header, row] = formatFibersCsv([fiber]).split("\n");
    expect(
      header?.startsWith(
        "label,area_um2,perimeter_um,circularity,feret_um,min_feret_um,feret_angle,centroid_x,centroid_y,",
      ),
    ).toBe(true);
    expect(header).toContain(
      "aspect_ratio,roundness,solidity,equivalent_diameter_um,bbox_x,bbox_y,bbox_width,bbox_height,touches_edge",
    );
    expect(row).toBe(
      "42,7.6950,10.4568,0.886180,3.9000,2.7700,135.0000,7.0000,10.5000,1.000000,1.000000,1.000000,3.1300,2,5,10,10,false,100",
    );
  });

  it("adds mean_od_h and mean_od_e when the fibers have them", () => {
    const csv = formatFibersCsv([{ ...fiber, meanHematoxylinOd: 0.25, meanEosinOd: 0.5 }]);
    const [header, row] = csv.split("\n");
    expect(header?.endsWith(",mean_od_h,mean_od_e")).toBe(true);
    expect(row?.endsWith(",0.250000,0.500000")).toBe(true);
    expect(csv.endsWith("\n")).toBe(true);
  });

  it("writes only the header for no fibers", () => {
    expect(formatFibersCsv([]).split("\n").filter(Boolean)).toHaveLength(1);
  });
});
