/**
 * @module wsi/parse-vips-header
 * Reads the output of `vipsheader -a <file>`: a summary line, then one
 * `name: value` field per line, where long values (image descriptions, XML)
 * continue over the following lines.
 */

export interface VipsHeader {
  /** The vips loader that opened the file, e.g. "openslideload", "tiffload". */
  loader: string;
  width: number;
  height: number;
  bands: number;
  /** Every field by name, values as printed (vips shortens some long ones with "..."). */
  fields: Record<string, string>;
}

// Field names are identifiers with dots, dashes, brackets, spaces or a colon
// namespace (e.g. "openslide.level[0].width", "aperio.Focus Offset",
// "magick-dcm:Modality"); XML or free text continuing a value does not look so.
const FIELD_LINE = /^([A-Za-z][A-Za-z0-9_.\-[\]:' ()/]{0,120}): (.*)$/;

/**
 * Parses `vipsheader -a` output.
 * @throws RangeError when width, height or the loader are missing.
 */
export function parseVipsHeader(output: string): VipsHeader {
  const fields: Record<string, string> = {};
  let last: string | undefined;
  // The first line is "<file name>: <summary>"; the file name may contain anything.
  for (const line of output.split(/\r?\n/).slice(1)) {
    const match = FIELD_LINE.exec(line);
    if (match?.[1] && !(match[1] in fields)) {
      last = match[1];
      fields[last] = match[2] ?? "";
    } else if (last !== undefined && line !== "") {
      fields[last] = `${fields[last]}\n${line}`;
    }
  }
  const integer = (name: string): number => {
    const value = Number(fields[name]);
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(
        `vipsheader field ${name} must be a positive integer, got ${String(fields[name])}`,
      );
    }
    return value;
  };
  const loader = fields["vips-loader"];
  if (!loader) throw new RangeError("vipsheader output has no vips-loader field");
  return {
    loader,
    width: integer("width"),
    height: integer("height"),
    bands: integer("bands"),
    fields,
  };
}
