import { describe, expect, it } from "vitest";
import { slugify } from "./slugify.ts";

describe("slugify(text)", () => {
  it("folds accents and punctuation into single hyphens", () => {
    expect(slugify("Institut für Myologie — Paris")).toBe("institut-fur-myologie-paris");
  });

  it("falls back to 'org' when nothing is left", () => {
    expect(slugify("???")).toBe("org");
  });

  it("caps the length without a trailing hyphen", () => {
    const slug = slugify(`${"a".repeat(47)} b`);
    expect(slug.length).toBeLessThanOrEqual(48);
    expect(slug.endsWith("-")).toBe(false);
  });
});
