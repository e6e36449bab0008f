import { describe, expect, it } from "vitest";
import { describeSlide } from "./describe-slide.ts";
import { parseVipsHeader } from "./parse-vips-header.ts";
import { resolvePixelSize } from "./resolve-pixel-size.ts";

// `vipsheader -a CMU-1-Small-Region.svs` (shortened) as vips 8.14 prints it.
const CMU_HEADER = `/data/CMU-1-Small-Region.svs: 2220x2967 uchar, 4 bands, srgb, openslideload
width: 2220
height: 2967
bands: 4
format: uchar
xres: 2004.01
yres: 2004.01
vips-loader: openslideload
aperio.AppMag: 20
aperio.MPP: 0.4990
aperio.ScanScope ID: CPAPERIOCS
openslide.comment: Aperio Image Library v11.2.1 
46000x32914 [42673,5576 2220x2967] (240x240) JPEG/RGB Q=30;Aperio Image Library v10.0.51
46920x33014 [0,100 46000x32914] (256x256) JPEG/RGB Q=30|AppMag = 20|StripeWidth = 2040
openslide.level-count: 1
openslide.level[0].downsample: 1
openslide.level[0].height: 2967
openslide.level[0].width: 2220
openslide.mpp-x: 0.499
openslide.mpp-y: 0.499
openslide.objective-power: 20
openslide.vendor: aperio
tiff.ResolutionUnit: inch
slide-associated-images: label, macro, thumbnail
`;

const STRANGE_TIFF_HEADER = `Strange_2014_4a_high_res.tif: 1152x908 uchar, 3 bands, srgb, tiffload
width: 1152
height: 908
bands: 3
xres: 0.968
yres: 0.968
vips-loader: tiffload
n-pages: 1
image-description: ImageJ=1.52p
unit=micron

orientation: 1
`;

describe("parseVipsHeader(output)", () => {
  it("reads size, loader and fields, joining values that continue over lines", () => {
    const header = parseVipsHeader(CMU_HEADER);
    expect(header).toMatchObject({ loader: "openslideload", width: 2220, height: 2967, bands: 4 });
    expect(header.fields["aperio.ScanScope ID"]).toBe("CPAPERIOCS");
    expect(header.fields["openslide.comment"]?.split("\n")).toHaveLength(3);
    expect(parseVipsHeader(STRANGE_TIFF_HEADER).fields["image-description"]).toBe(
      "ImageJ=1.52p\nunit=micron",
    );
  });

  it("names the missing field", () => {
    expect(() => parseVipsHeader("x: y\nwidth: 5\nheight: 5\nbands: 3\n")).toThrow(
      /no vips-loader field/,
    );
    expect(() => parseVipsHeader("x: y\nwidth: 0\nvips-loader: pngload\n")).toThrow(
      /width must be a positive integer, got 0/,
    );
  });
});

describe("describeSlide(header)", () => {
  it("describes an Aperio SVS: vendor, format, levels, pixel size and objective", () => {
    const slide = describeSlide(parseVipsHeader(CMU_HEADER));
    expect(slide).toMatchObject({
      loader: "openslideload",
      format: "svs",
      vendor: "aperio",
      isVendorSlide: true,
      width: 2220,
      height: 2967,
      levels: [{ width: 2220, height: 2967, downsample: 1 }],
      pixelSize: { pixelSizeUm: 0.499, source: "openslide" },
      objectivePower: 20,
    });
    expect(slide.properties).toMatchObject({ scanner: "CPAPERIOCS", filePixelSizeUm: 0.499 });
  });

  it("describes an ImageJ TIFF as generic-tiff with its calibrated pixel size", () => {
    const slide = describeSlide(parseVipsHeader(STRANGE_TIFF_HEADER));
    expect(slide).toMatchObject({ format: "tiff", vendor: "generic-tiff", isVendorSlide: false });
    expect(slide.pixelSize?.source).toBe("imagej");
    expect(slide.pixelSize?.pixelSizeUm).toBeCloseTo(1 / 0.968, 6);
  });

  it("refuses loaders Myoscope does not ingest", () => {
    const dicom = CMU_HEADER.replaceAll("openslideload", "magickload");
    expect(() => describeSlide(parseVipsHeader(dicom))).toThrow(/got magickload/);
  });
});

describe("resolvePixelSize(fields, options)", () => {
  it("reads OME-XML PhysicalSizeX with its unit", () => {
    const description =
      '<?xml version="1.0"?><OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06"><Image ID="Image:0"><Pixels ID="Pixels:0" PhysicalSizeX="250" PhysicalSizeXUnit="nm" SizeX="10"/></Image></OME>';
    expect(resolvePixelSize({ "image-description": description })).toEqual({
      pixelSizeUm: 0.25,
      source: "ome-xml",
    });
  });

  it("reads a TIFF resolution in centimetres (vips reports px/mm)", () => {
    expect(resolvePixelSize({ xres: "2013.96", "resolution-unit": "cm" })?.pixelSizeUm).toBeCloseTo(
      0.4965,
      4,
    );
  });

  it("ignores a 72 dpi screen default and a resolution without unit", () => {
    expect(resolvePixelSize({ xres: "2.8346", "resolution-unit": "in" })).toBeNull();
    expect(resolvePixelSize({ xres: "4" })).toBeNull();
  });

  it("prefers OpenSlide's calibration over the TIFF resolution", () => {
    const fields = { "openslide.mpp-x": "0.2281", xres: "100", "resolution-unit": "cm" };
    expect(resolvePixelSize(fields)).toEqual({ pixelSizeUm: 0.2281, source: "openslide" });
  });
});
