/**
 * @module metrics/solve-assignment
 * Minimum-cost assignment of the rows of a rectangular cost matrix to
 * distinct columns: the Hungarian method (H. W. Kuhn, 1955) in the
 * O(rows² · columns) shortest-augmenting-path form with potentials
 * (Jonker & Volgenant 1987), the same problem scipy's linear_sum_assignment
 * solves for Cellpose's matching.
 */

/**
 * Returns, for each row, the column assigned to it. `cost` is row-major,
 * `rows × columns`, with `rows ≤ columns`; every row gets a column.
 */
export function solveAssignment(cost: Float64Array, rows: number, columns: number): Int32Array {
  if (rows > columns) throw new RangeError(`rows must be ≤ columns, got ${rows} > ${columns}`);
  if (cost.length !== rows * columns) {
    throw new RangeError(
      `cost must hold rows × columns = ${rows * columns} values, got ${cost.length}`,
    );
  }
  // 1-based arrays, column 0 is the virtual start of each augmenting path.
  const u = new Float64Array(rows + 1);
  const v = new Float64Array(columns + 1);
  const rowOfColumn = new Int32Array(columns + 1);
  const way = new Int32Array(columns + 1);
  const minSlack = new Float64Array(columns + 1);
  const isUsed = new Uint8Array(columns + 1);
  for (let row = 1; row <= rows; row++) {
    rowOfColumn[0] = row;
    let column0 = 0;
    minSlack.fill(Number.POSITIVE_INFINITY);
    isUsed.fill(0);
    do {
      isUsed[column0] = 1;
      const row0 = rowOfColumn[column0] as number;
      let delta = Number.POSITIVE_INFINITY;
      let column1 = 0;
      for (let column = 1; column <= columns; column++) {
        if (isUsed[column] !== 0) continue;
        const slack =
          (cost[(row0 - 1) * columns + column - 1] as number) -
          (u[row0] as number) -
          (v[column] as number);
        if (slack < (minSlack[column] as number)) {
          minSlack[column] = slack;
          way[column] = column0;
        }
        if ((minSlack[column] as number) < delta) {
          delta = minSlack[column] as number;
          column1 = column;
        }
      }
      for (let column = 0; column <= columns; column++) {
        if (isUsed[column] !== 0) {
          u[rowOfColumn[column] as number] = (u[rowOfColumn[column] as number] as number) + delta;
          v[column] = (v[column] as number) - delta;
        } else {
          minSlack[column] = (minSlack[column] as number) - delta;
        }
      }
      column0 = column1;
    } while (rowOfColumn[column0] !== 0);
    do {
      const column1 = way[column0] as number;
      rowOfColumn[column0] = rowOfColumn[column1] as number;
      column0 = column1;
    } while (column0 !== 0);
  }
  const assignment = new Int32Array(rows);
  for (let column = 1; column <= columns; column++) {
    const row = rowOfColumn[column] as number;
    if (row !== 0) assignment[row - 1] = column - 1;
  }
  return assignment;
}
