/**
 * @module wsi/parse-dzi
 * Reads the descriptor of a DeepZoom pyramid (`<prefix>.dzi`).
 */

export interface DziDescriptor {
  width: number;
  height: number;
  tileSize: number;
  overlap: number;
  /** Tile file extension, e.g. "jpg". */
  format: string;
}

function readAttribute(xml: string, element: string, name: string): string | undefined {
  const tag = new RegExp(`<${element}\\b([^>]*)>`, "s").exec(xml)?.[1];
  if (tag === undefined) return undefined;
  return new RegExp(`\\b${name}\\s*=\\s*"([^"]*)"`).exec(tag)?.[1];
}

/**
 * Parses a `.dzi` XML document.
 * @throws RangeError naming the missing or invalid attribute.
 */
export function parseDzi(xml: string): DziDescriptor {
  const integer = (element: string, name: string, min: number): number => {
    const raw = readAttribute(xml, element, name);
    const value = raw === undefined ? Number.NaN : Number(raw);
    if (!Number.isInteger(value) || value < min) {
      throw new RangeError(
        `dzi ${element}.${name} must be an integer ≥ ${min}, got ${String(raw)}`,
      );
    }
    return value;
  };
  const format = readAttribute(xml, "Image", "Format");
  if (!format || !/^[a-z0-9]+$/i.test(format)) {
    throw new RangeError(`dzi Image.Format must be a file extension, got ${String(format)}`);
  }
  return {
    width: integer("Size", "Width", 1),
    height: integer("Size", "Height", 1),
    tileSize: integer("Image", "TileSize", 1),
    overlap: integer("Image", "Overlap", 0),
    format: format.toLowerCase(),
  };
}
