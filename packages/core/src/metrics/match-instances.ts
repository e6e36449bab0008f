/**
 * @module metrics/match-instances
 * One-to-one matching of predicted and ground-truth objects at an IoU
 * threshold, with the objective of Cellpose's `_true_positive`
 * (cellpose/metrics.py): as many pairs with IoU ≥ threshold as possible, ties
 * broken by the larger total IoU.
 *
 * For thresholds ≥ 0.5 each object has at most one partner it could pair with
 * in a maximum matching (IoU ≥ 0.5 forces |A ∩ B| ≥ ½ max(|A|, |B|), so a
 * pred with two candidate GTs contains both as exact halves, and those GTs
 * have no other candidate): the candidate graph is a set of stars, and taking
 * pairs greedily by decreasing IoU is exact. Below 0.5 the candidate graph is
 * split into connected components and each is solved exactly with the
 * Hungarian method; a component larger than 2,000 × 2,000 objects falls back
 * to the greedy choice (reported by `isExact: false`).
 */
import type { ImageSize, LabelArray } from "../morphology/image-size.ts";
import { findRoot } from "../morphology/union-find.ts";
import { countLabelOverlaps, type LabelOverlaps } from "./count-label-overlaps.ts";
import { solveAssignment } from "./solve-assignment.ts";

export interface OverlapMatching {
  /** Index of the ground-truth object matched to each prediction, or -1. */
  predToGt: Int32Array;
  /** Index of the prediction matched to each ground-truth object, or -1. */
  gtToPred: Int32Array;
  /** IoU of each prediction with its match, 0 when unmatched. */
  predIou: Float64Array;
  truePositives: number;
  /** False only when a huge component was matched greedily below IoU 0.5. */
  isExact: boolean;
}

const EXACT_COMPONENT_LIMIT = 2000;

function assertThreshold(iouThreshold: number): void {
  if (typeof iouThreshold !== "number" || !(iouThreshold >= 0 && iouThreshold <= 1)) {
    throw new RangeError(`iouThreshold must lie in [0, 1], got ${String(iouThreshold)}`);
  }
}

/** Matches the objects of precomputed overlaps at `iouThreshold` (pairs need IoU ≥ threshold and > 0). */
export function matchOverlaps(overlaps: LabelOverlaps, iouThreshold: number): OverlapMatching {
  assertThreshold(iouThreshold);
  const predCount = overlaps.predLabels.length;
  const gtCount = overlaps.gtLabels.length;
  const predToGt = new Int32Array(predCount).fill(-1);
  const gtToPred = new Int32Array(gtCount).fill(-1);
  const predIou = new Float64Array(predCount);
  const { pairPred, pairGt, pairIou } = overlaps;
  const candidates: number[] = [];
  for (let k = 0; k < pairIou.length; k++)
    if ((pairIou[k] as number) >= iouThreshold) candidates.push(k);

  let truePositives = 0;
  let isExact = true;
  const accept = (k: number) => {
    const pi = pairPred[k] as number;
    const gi = pairGt[k] as number;
    predToGt[pi] = gi;
    gtToPred[gi] = pi;
    predIou[pi] = pairIou[k] as number;
    truePositives++;
  };
  const matchGreedily = (edges: number[]) => {
    edges.sort(
      (a, b) =>
        (pairIou[b] as number) - (pairIou[a] as number) ||
        (pairPred[a] as number) - (pairPred[b] as number) ||
        (pairGt[a] as number) - (pairGt[b] as number),
    );
    for (const k of edges) {
      if (predToGt[pairPred[k] as number] === -1 && gtToPred[pairGt[k] as number] === -1) accept(k);
    }
  };

  if (iouThreshold >= 0.5) {
    matchGreedily(candidates);
    return { predToGt, gtToPred, predIou, truePositives, isExact };
  }

  // Components of the candidate graph: preds are nodes 0…P-1, GTs P…P+G-1.
  const parent = Int32Array.from({ length: predCount + gtCount }, (_, i) => i);
  for (const k of candidates) {
    const a = findRoot(parent, pairPred[k] as number);
    const b = findRoot(parent, predCount + (pairGt[k] as number));
    if (a !== b) parent[a] = b;
  }
  const edgesByRoot = new Map<number, number[]>();
  for (const k of candidates) {
    const root = findRoot(parent, pairPred[k] as number);
    const edges = edgesByRoot.get(root);
    if (edges === undefined) edgesByRoot.set(root, [k]);
    else edges.push(k);
  }
  for (const edges of edgesByRoot.values()) {
    const preds = [...new Set(edges.map((k) => pairPred[k] as number))];
    const gts = [...new Set(edges.map((k) => pairGt[k] as number))];
    if (edges.length === 1 || preds.length === 1 || gts.length === 1) {
      matchGreedily(edges);
      continue;
    }
    if (Math.max(preds.length, gts.length) > EXACT_COMPONENT_LIMIT) {
      isExact = false;
      matchGreedily(edges);
      continue;
    }
    // Rows are the smaller side. Cost −(1 + IoU/2n) per candidate, 0 otherwise:
    // the IoU term sums to < 1, so the pair count always comes first.
    const isPredRows = preds.length <= gts.length;
    const rowNodes = isPredRows ? preds : gts;
    const columnNodes = isPredRows ? gts : preds;
    const rows = rowNodes.length;
    const columns = columnNodes.length;
    const rowOf = new Map(rowNodes.map((node, i) => [node, i]));
    const columnOf = new Map(columnNodes.map((node, i) => [node, i]));
    const cost = new Float64Array(rows * columns);
    const edgeAt = new Int32Array(rows * columns).fill(-1);
    for (const k of edges) {
      const row = rowOf.get(isPredRows ? (pairPred[k] as number) : (pairGt[k] as number)) as number;
      const column = columnOf.get(
        isPredRows ? (pairGt[k] as number) : (pairPred[k] as number),
      ) as number;
      cost[row * columns + column] = -(1 + (pairIou[k] as number) / (2 * rows));
      edgeAt[row * columns + column] = k;
    }
    const assignment = solveAssignment(cost, rows, columns);
    for (let row = 0; row < rows; row++) {
      const k = edgeAt[row * columns + (assignment[row] as number)] as number;
      if (k >= 0) accept(k);
    }
  }
  return { predToGt, gtToPred, predIou, truePositives, isExact };
}

export interface MatchInstancesOptions extends ImageSize {
  /**
   * Smallest IoU for a pair to count as a match.
   * @default 0.5
   */
  iouThreshold?: number;
}

export interface InstanceMatches {
  /** Matched pairs by label value, in order of the prediction's first pixel. */
  matches: Array<{ pred: number; gt: number; iou: number }>;
  unmatchedPred: number[];
  unmatchedGt: number[];
  isExact: boolean;
}

/** Matches the objects (label > 0) of two label images one-to-one at an IoU threshold. */
export function matchInstances(
  pred: LabelArray,
  gt: LabelArray,
  options: MatchInstancesOptions,
): InstanceMatches {
  const { iouThreshold = 0.5 } = options;
  assertThreshold(iouThreshold);
  const overlaps = countLabelOverlaps(pred, gt, options);
  const matching = matchOverlaps(overlaps, iouThreshold);
  const matches: InstanceMatches["matches"] = [];
  const unmatchedPred: number[] = [];
  overlaps.predLabels.forEach((label, pi) => {
    const gi = matching.predToGt[pi] as number;
    if (gi < 0) unmatchedPred.push(label);
    else
      matches.push({
        pred: label,
        gt: overlaps.gtLabels[gi] as number,
        iou: matching.predIou[pi] as number,
      });
  });
  const unmatchedGt = overlaps.gtLabels.filter((_, gi) => matching.gtToPred[gi] === -1);
  return { matches, unmatchedPred, unmatchedGt, isExact: matching.isExact };
}
