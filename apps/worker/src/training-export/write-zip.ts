/**
 * @module training-export/write-zip
 * A minimal ZIP writer (PKWARE APPNOTE 6.3, no ZIP64) over node:zlib, so an
 * export can be downloaded as one file without a zip dependency. PNG files are
 * stored (already deflated); everything else is deflated. Files are streamed
 * one at a time, so memory stays at one file.
 */
import { open, readdir, readFile, rename, rm } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { crc32, deflateRawSync } from "node:zlib";

const LIMIT_32 = 0xffffffff;
const LIMIT_ENTRIES = 0xffff;

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/** MS-DOS time and date fields of a Date (local time, 2-second resolution). */
function toDosDateTime(date: Date): { time: number; date: number } {
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2),
    date: ((date.getFullYear() - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

export interface WriteZipOptions {
  /** Folder name the files are put under inside the archive (e.g. the export's name). */
  prefix?: string;
  onProgress?: (done: number, total: number) => void;
}

/** Zips every file under `sourceDir` into `zipPath` (written to a temporary name, then renamed). */
export async function writeZip(
  sourceDir: string,
  zipPath: string,
  options: WriteZipOptions = {},
): Promise<number> {
  const files = await listFiles(sourceDir);
  if (files.length > LIMIT_ENTRIES) {
    throw new RangeError(
      `a zip without ZIP64 holds at most ${LIMIT_ENTRIES} files, got ${files.length}`,
    );
  }
  const { time, date } = toDosDateTime(new Date());
  const temporary = `${zipPath}.partial`;
  const handle = await open(temporary, "w");
  const central: Buffer[] = [];
  let offset = 0;
  try {
    for (const [index, path] of files.entries()) {
      const rel = relative(sourceDir, path).split(sep).join("/");
      const name = Buffer.from(options.prefix ? `${options.prefix}/${rel}` : rel, "utf8");
      const data = await readFile(path);
      const isStored = path.endsWith(".png");
      const body = isStored ? data : deflateRawSync(data, { level: 6 });
      const checksum = crc32(data);
      if (data.length > LIMIT_32 || offset + 30 + name.length + body.length > LIMIT_32) {
        throw new RangeError(`a zip without ZIP64 is limited to 4 GiB; ${rel} does not fit`);
      }
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
      local.writeUInt16LE(0x0800, 6); // names are UTF-8
      local.writeUInt16LE(isStored ? 0 : 8, 8);
      local.writeUInt16LE(time, 10);
      local.writeUInt16LE(date, 12);
      local.writeUInt32LE(checksum, 14);
      local.writeUInt32LE(body.length, 18);
      local.writeUInt32LE(data.length, 22);
      local.writeUInt16LE(name.length, 26);
      local.writeUInt16LE(0, 28);
      await handle.write(Buffer.concat([local, name]));
      await handle.write(body);

      const entry = Buffer.alloc(46);
      entry.writeUInt32LE(0x02014b50, 0);
      entry.writeUInt16LE(20, 4);
      entry.writeUInt16LE(20, 6);
      entry.writeUInt16LE(0x0800, 8);
      entry.writeUInt16LE(isStored ? 0 : 8, 10);
      entry.writeUInt16LE(time, 12);
      entry.writeUInt16LE(date, 14);
      entry.writeUInt32LE(checksum, 16);
      entry.writeUInt32LE(body.length, 20);
      entry.writeUInt32LE(data.length, 24);
      entry.writeUInt16LE(name.length, 28);
      entry.writeUInt32LE(offset, 42);
      central.push(entry, name);
      offset += 30 + name.length + body.length;
      options.onProgress?.(index + 1, files.length);
    }
    const directory = Buffer.concat(central);
    if (offset + directory.length > LIMIT_32) {
      throw new RangeError("a zip without ZIP64 is limited to 4 GiB");
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(files.length, 8);
    end.writeUInt16LE(files.length, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(offset, 16);
    await handle.write(Buffer.concat([directory, end]));
    await handle.close();
    await rename(temporary, zipPath);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
  return files.length;
}
