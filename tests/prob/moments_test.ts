/** columnMoments: population moments per column, and 0 (not NaN) for a constant column. */
import assert from "node:assert/strict";
import { columnMoments } from "../../lib/prob/moments.ts";

Deno.test("columnMoments: mean, population std, skewness and excess kurtosis per column", () => {
  // Column 0: {0, 0, 0, 4}: mean 1, m2 = 3, m3 = 6, m4 = 84/4 = 21. Column 1: symmetric ±1.
  const [a, b] = columnMoments([[0, -1], [0, 1], [0, -1], [4, 1]]);
  assert.equal(a.mean, 1);
  assert.ok(Math.abs(a.std - Math.sqrt(3)) < 1e-12);
  assert.ok(Math.abs(a.skew - 6 / 3 ** 1.5) < 1e-12);
  assert.ok(Math.abs(a.kurt - (21 / 9 - 3)) < 1e-12);
  assert.deepEqual(b, { mean: 0, std: 1, skew: 0, kurt: -2 });
});

Deno.test("columnMoments: a constant column has skew and kurtosis 0, not NaN", () => {
  const [c] = columnMoments([[2], [2], [2]]);
  assert.deepEqual(c, { mean: 2, std: 0, skew: 0, kurt: 0 });
  assert.throws(() => columnMoments([]), /no rows/);
});
