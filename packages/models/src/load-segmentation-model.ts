/**
 * @module load-segmentation-model
 * Opens a fiber segmentation model (ONNX) with onnxruntime-node and checks that it is
 * one we can run: one NCHW float input with 3 channels, one output with one channel per
 * class, and the `metadata_props` that say how to feed it (classes, normalisation,
 * pixel size, tiling). Anything missing is reported in one error naming every problem.
 * The worker runs models through it and the web app validates uploads with it, so
 * both refuse exactly the same files.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { InferenceSession } from "onnxruntime-node";
import { readOnnxMetadataProps } from "./read-onnx-metadata-props.ts";
import { SegmentationModelError } from "./segmentation-model-error.ts";

export const REQUIRED_CLASSES = ["background", "fiber", "boundary"] as const;

export interface InputNormalization {
  /** Multiplies the 8-bit value first (usually 1/255). */
  scale: number;
  /** Per-channel (R, G, B) mean subtracted after scaling. */
  mean: [number, number, number];
  /** Per-channel (R, G, B) standard deviation divided by last. */
  std: [number, number, number];
}

export interface SegmentationModelMetadata {
  /** Class names in output-channel order; contains background, fiber and boundary. */
  classes: string[];
  inputNormalization: InputNormalization;
  /** Pixel size the model was trained at, µm/px. */
  mpp: number;
  /** Tile edge in pixels at model resolution (multiple of 16). */
  tileSize: number;
  /** Overlap between neighbouring tiles in pixels (multiple of 16, at most tileSize / 2). */
  tileOverlap: number;
  trainingData?: string;
  gitCommit?: string;
  /** Every `metadata_props` entry verbatim, for the run record. */
  props: Record<string, string>;
}

export type ExecutionProviderName = "cpu" | "cuda";

export interface SegmentationModel {
  path: string;
  /** sha256 of the model file, hex: identifies the exact weights in run records. */
  sha256: string;
  byteSize: number;
  session: InferenceSession;
  inputName: string;
  outputName: string;
  metadata: SegmentationModelMetadata;
  /** Output channel of each required class. */
  classIndex: { background: number; fiber: number; boundary: number };
  /** True when the model's input H and W are static (then every tile is tileSize²). */
  hasFixedTileSize: boolean;
  /** The execution provider the session actually runs on. */
  executionProvider: ExecutionProviderName;
  threads: number;
  release(): Promise<void>;
}

export interface LoadSegmentationModelOptions {
  /**
   * Execution providers in order of preference. `cuda` falls back to `cpu`, with one
   * log line, when the CUDA provider libraries or the GPU are not available.
   * @default ["cpu"]
   */
  executionProviders?: ExecutionProviderName[];
  /**
   * Intra-op threads of the CPU provider.
   * @default os.availableParallelism()
   */
  threads?: number;
  /**
   * Where the fallback notice goes.
   * @default console.error
   */
  log?: (line: string) => void;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isFiniteNumberArray(value: unknown, length: number): value is number[] {
  return (
    Array.isArray(value) &&
    value.length === length &&
    value.every((v) => typeof v === "number" && Number.isFinite(v))
  );
}

function parseInteger(text: string | undefined): number | undefined {
  if (text === undefined || !/^\s*\d+\s*$/.test(text)) return undefined;
  return Number(text);
}

/**
 * Validates `metadata_props`. Returns the parsed metadata, or the list of problems
 * (one sentence each, naming the key and what was found).
 */
export function parseSegmentationModelMetadata(
  props: Record<string, string>,
): { metadata: SegmentationModelMetadata; problems: [] } | { problems: string[] } {
  const problems: string[] = [];

  const classes = props.classes === undefined ? undefined : parseJson(props.classes);
  if (props.classes === undefined) {
    problems.push(`metadata "classes" is missing (expected ${JSON.stringify(REQUIRED_CLASSES)})`);
  } else if (!Array.isArray(classes) || !classes.every((c) => typeof c === "string")) {
    problems.push(`metadata "classes" must be a JSON array of strings, got ${props.classes}`);
  } else {
    const missing = REQUIRED_CLASSES.filter((name) => !classes.includes(name));
    if (missing.length > 0) {
      problems.push(`metadata "classes" lacks ${missing.join(", ")}: got ${props.classes}`);
    }
  }

  const normalization =
    props.input_normalization === undefined ? undefined : parseJson(props.input_normalization);
  let inputNormalization: InputNormalization | undefined;
  if (props.input_normalization === undefined) {
    problems.push(`metadata "input_normalization" is missing (expected {"scale","mean","std"})`);
  } else {
    const n = normalization as { scale?: unknown; mean?: unknown; std?: unknown } | undefined;
    if (
      typeof n !== "object" ||
      n === null ||
      typeof n.scale !== "number" ||
      !(n.scale > 0) ||
      !isFiniteNumberArray(n.mean, 3) ||
      !isFiniteNumberArray(n.std, 3) ||
      !n.std.every((s) => s > 0)
    ) {
      problems.push(
        `metadata "input_normalization" must be {"scale":>0,"mean":[3 numbers],"std":[3 numbers >0]}, got ${props.input_normalization}`,
      );
    } else {
      const [m0, m1, m2] = n.mean as [number, number, number];
      const [s0, s1, s2] = n.std as [number, number, number];
      inputNormalization = { scale: n.scale, mean: [m0, m1, m2], std: [s0, s1, s2] };
    }
  }

  const mpp = props.mpp === undefined ? Number.NaN : Number(props.mpp);
  if (!(Number.isFinite(mpp) && mpp >= 0.05 && mpp <= 100)) {
    problems.push(`metadata "mpp" must be a pixel size in [0.05, 100] µm/px, got ${props.mpp}`);
  }

  const tileSize = parseInteger(props.tile_size);
  if (tileSize === undefined || tileSize < 32 || tileSize > 8192 || tileSize % 16 !== 0) {
    problems.push(
      `metadata "tile_size" must be a multiple of 16 in [32, 8192], got ${props.tile_size}`,
    );
  }
  const tileOverlap = parseInteger(props.tile_overlap);
  if (
    tileOverlap === undefined ||
    tileOverlap % 16 !== 0 ||
    (tileSize !== undefined && tileOverlap > tileSize / 2)
  ) {
    problems.push(
      `metadata "tile_overlap" must be a multiple of 16 and at most tile_size / 2, got ${props.tile_overlap}`,
    );
  }

  if (
    problems.length > 0 ||
    inputNormalization === undefined ||
    tileSize === undefined ||
    tileOverlap === undefined
  ) {
    return { problems };
  }
  return {
    problems: [],
    metadata: {
      classes: classes as string[],
      inputNormalization,
      mpp,
      tileSize,
      tileOverlap,
      ...(props.training_data !== undefined && { trainingData: props.training_data }),
      ...(props.git_commit !== undefined && { gitCommit: props.git_commit }),
      props,
    },
  };
}

function describeShape(shape: ReadonlyArray<number | string>): string {
  return `[${shape.join(", ")}]`;
}

/** Checks input/output signatures against the metadata; returns problems. */
function checkSignature(
  session: InferenceSession,
  classCount: number | undefined,
  tileSize: number | undefined,
): { problems: string[]; hasFixedTileSize: boolean } {
  const problems: string[] = [];
  let hasFixedTileSize = false;
  if (session.inputMetadata.length !== 1) {
    problems.push(`expected 1 input, got ${session.inputMetadata.length}`);
  }
  const input = session.inputMetadata[0];
  if (input) {
    if (!input.isTensor || input.type !== "float32") {
      problems.push(`input "${input.name}" must be a float32 tensor`);
    } else if (input.shape.length !== 4) {
      problems.push(
        `input "${input.name}" must be NCHW (rank 4), got shape ${describeShape(input.shape)}`,
      );
    } else {
      if (input.shape[1] !== 3) {
        problems.push(
          `input "${input.name}" must have 3 channels (NCHW), got shape ${describeShape(input.shape)}`,
        );
      }
      const [h, w] = [input.shape[2], input.shape[3]];
      if (typeof h === "number" || typeof w === "number") {
        hasFixedTileSize = true;
        if (h !== tileSize || w !== tileSize) {
          problems.push(
            `input "${input.name}" has a fixed size ${h}×${w} that differs from tile_size ${tileSize}`,
          );
        }
      }
    }
  }
  if (session.outputMetadata.length !== 1) {
    problems.push(`expected 1 output, got ${session.outputMetadata.length}`);
  }
  const output = session.outputMetadata[0];
  if (output) {
    if (!output.isTensor || output.type !== "float32") {
      problems.push(`output "${output.name}" must be a float32 tensor`);
    } else if (output.shape.length !== 4) {
      problems.push(
        `output "${output.name}" must be NCHW (rank 4), got shape ${describeShape(output.shape)}`,
      );
    } else if (classCount !== undefined && output.shape[1] !== classCount) {
      problems.push(
        `output "${output.name}" must have one channel per class (${classCount}), got shape ${describeShape(output.shape)}`,
      );
    }
  }
  return { problems, hasFixedTileSize };
}

/** The CUDA provider ships separately from onnxruntime-node's npm package (see NOTES). */
function hasCudaProviderLibrary(): boolean {
  if (process.platform !== "linux") return true;
  const entry = createRequire(import.meta.url).resolve("onnxruntime-node");
  const binDir = join(dirname(entry), "..", "bin", "napi-v6", process.platform, process.arch);
  return existsSync(join(binDir, "libonnxruntime_providers_cuda.so"));
}

async function createSession(
  model: Uint8Array,
  threads: number,
  providers: ExecutionProviderName[],
  log: (line: string) => void,
): Promise<{ session: InferenceSession; executionProvider: ExecutionProviderName }> {
  const base: InferenceSession.SessionOptions = {
    graphOptimizationLevel: "all",
    executionMode: "sequential",
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
  };
  if (providers[0] === "cuda") {
    if (!hasCudaProviderLibrary()) {
      log(
        "segmentation: CUDA execution provider requested but its libraries are not installed next to onnxruntime-node; running on CPU",
      );
    } else {
      try {
        const session = await InferenceSession.create(model, {
          ...base,
          executionProviders: ["cuda", "cpu"],
        });
        return { session, executionProvider: "cuda" };
      } catch (error) {
        log(
          `segmentation: CUDA execution provider unavailable (${(error as Error).message}); running on CPU`,
        );
      }
    }
  }
  const session = await InferenceSession.create(model, { ...base, executionProviders: ["cpu"] });
  return { session, executionProvider: "cpu" };
}

/**
 * Loads and validates a segmentation model.
 * @throws SegmentationModelError naming the file and every problem found.
 */
export async function loadSegmentationModel(
  path: string,
  options: LoadSegmentationModelOptions = {},
): Promise<SegmentationModel> {
  const {
    executionProviders = ["cpu"],
    threads = availableParallelism(),
    log = (line) => console.error(line),
  } = options;
  if (!Number.isInteger(threads) || threads < 1) {
    throw new RangeError(`threads must be a positive integer, got ${threads}`);
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new SegmentationModelError(`cannot read model ${path}: ${reason}`, {
      reason: "unreadable",
      problems: [`cannot read the model file: ${reason}`],
    });
  }
  let props: Record<string, string>;
  try {
    props = readOnnxMetadataProps(bytes);
  } catch (error) {
    const problem = `not an ONNX model (${(error as Error).message})`;
    throw new SegmentationModelError(`model ${path} is ${problem}`, {
      reason: "not-onnx",
      problems: [problem],
    });
  }
  const parsed = parseSegmentationModelMetadata(props);

  let created: Awaited<ReturnType<typeof createSession>>;
  try {
    created = await createSession(bytes, threads, executionProviders, log);
  } catch (error) {
    const problem = `onnxruntime cannot load it: ${(error as Error).message}`;
    throw new SegmentationModelError(
      `onnxruntime cannot load model ${path}: ${(error as Error).message}`,
      {
        reason: "not-onnx",
        problems: [problem],
      },
    );
  }
  const { session, executionProvider } = created;
  const classCount = "metadata" in parsed ? parsed.metadata.classes.length : undefined;
  const tileSize = "metadata" in parsed ? parsed.metadata.tileSize : undefined;
  const signature = checkSignature(session, classCount, tileSize);
  const problems = [...parsed.problems, ...signature.problems];
  if (problems.length > 0 || !("metadata" in parsed)) {
    await session.release();
    throw new SegmentationModelError(
      `model ${path} is not a usable fiber segmentation model:\n  - ${problems.join("\n  - ")}`,
      { reason: "unusable", problems },
    );
  }
  const { metadata } = parsed;
  return {
    path,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    byteSize: bytes.length,
    session,
    inputName: session.inputNames[0] ?? "",
    outputName: session.outputNames[0] ?? "",
    metadata,
    classIndex: {
      background: metadata.classes.indexOf("background"),
      fiber: metadata.classes.indexOf("fiber"),
      boundary: metadata.classes.indexOf("boundary"),
    },
    hasFixedTileSize: signature.hasFixedTileSize,
    executionProvider,
    threads,
    release: () => session.release(),
  };
}
