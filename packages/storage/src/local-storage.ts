/**
 * @module local-storage
 * Storage in a local directory (default ./.data/storage). Writes go to a
 * temporary file that is renamed into place, which is atomic on POSIX.
 */
import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { access, mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { assertStorageKey, type Storage } from "./storage.ts";

export function createLocalStorage(rootDir: string): Storage {
  const root = resolve(rootDir);
  const pathOf = (key: string) => {
    assertStorageKey(key);
    return join(root, key);
  };

  return {
    async put(key, data) {
      const target = pathOf(key);
      await mkdir(dirname(target), { recursive: true });
      const temp = `${target}.${randomUUID()}.partial`;
      try {
        if (Buffer.isBuffer(data)) await writeFile(temp, data);
        else
          await pipeline(
            data instanceof Readable ? data : Readable.from(data),
            createWriteStream(temp),
          );
        await rename(temp, target);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
      return { byteSize: (await stat(target)).size };
    },
    async get(key) {
      return readFile(pathOf(key));
    },
    async localPath(key) {
      return pathOf(key);
    },
    async exists(key) {
      try {
        await access(pathOf(key));
        return true;
      } catch {
        return false;
      }
    },
    async move(fromKey, toKey) {
      const target = pathOf(toKey);
      await mkdir(dirname(target), { recursive: true });
      await rename(pathOf(fromKey), target);
    },
    async delete(keyOrPrefix) {
      await rm(pathOf(keyOrPrefix), { recursive: true, force: true });
    },
    async list(prefix) {
      if (!prefix.endsWith("/")) throw new RangeError(`prefix must end with "/", got "${prefix}"`);
      const dir = pathOf(prefix);
      let names: string[];
      try {
        names = await readdir(dir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
        throw error;
      }
      const entries = await Promise.all(
        names.map(async (name) => {
          // An entry removed between readdir and stat is simply not listed.
          const info = await stat(join(dir, name)).catch(() => null);
          return info && { name, isPrefix: info.isDirectory(), modifiedAt: info.mtime };
        }),
      );
      return entries.filter((entry) => entry !== null);
    },
  };
}
