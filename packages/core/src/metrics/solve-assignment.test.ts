import { describe, expect, it } from "vitest";
import { solveAssignment } from "./solve-assignment.ts";

function totalCost(cost: number[], columns: number, assignment: Int32Array): number {
  return Array.from(assignment).reduce(
    (sum, column, row) => sum + (cost[row * columns + column] as number),
    0,
  );
}

describe("solveAssignment(cost, rows, columns)", () => {
  it("finds the optimum of scipy's linear_sum_assignment example", () => {
    // [[4, 1, 3], [2, 0, 5], [3, 2, 2]] → rows 0, 1, 2 take columns 1, 0, 2: 1 + 2 + 2 = 5.
    const cost = [4, 1, 3, 2, 0, 5, 3, 2, 2];
    const assignment = solveAssignment(Float64Array.from(cost), 3, 3);
    expect(Array.from(assignment)).toEqual([1, 0, 2]);
    expect(totalCost(cost, 3, assignment)).toBe(5);
  });

  it("assigns every row of a wide matrix to distinct columns at the least cost", () => {
    // Brute force over all 4·3 = 12 injective assignments of 2 rows into 4 columns.
    const cost = [7, 3, 9, 2, 4, 1, 8, 1];
    const assignment = solveAssignment(Float64Array.from(cost), 2, 4);
    let best = Number.POSITIVE_INFINITY;
    for (let a = 0; a < 4; a++) {
      for (let b = 0; b < 4; b++)
        if (a !== b) best = Math.min(best, (cost[a] as number) + (cost[4 + b] as number));
    }
    expect(new Set(assignment).size).toBe(2);
    expect(totalCost(cost, 4, assignment)).toBe(best);
  });

  it("rejects more rows than columns", () => {
    expect(() => solveAssignment(new Float64Array(6), 3, 2)).toThrow(
      /rows must be ≤ columns, got 3 > 2/,
    );
  });
});
