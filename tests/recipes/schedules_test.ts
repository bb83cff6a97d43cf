/** The recipes' learning-rate schedules hit their stated end points and shapes. */
import assert from "node:assert/strict";
import { cosineLr, exponentialDecay, warmupCosine } from "../../scripts/recipes/schedules.ts";

const close = (a: number, b: number, tol = 1e-12) =>
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} ≠ ${b}`);

Deno.test("warmupCosine: linear warm-up to lr, then a cosine that ends at lrEnd", () => {
  const opts = { lr: 1e-2, lrEnd: 1e-4, warmup: 10 };
  close(warmupCosine(0, 110, opts), 1e-3);
  close(warmupCosine(9, 110, opts), 1e-2);
  close(warmupCosine(10, 110, opts), 1e-2);
  close(warmupCosine(60, 110, opts), (1e-2 + 1e-4) / 2); // half way: the mean of the two
  close(warmupCosine(110, 110, opts), 1e-4);
  for (let i = 11; i < 110; i++) {
    assert.ok(warmupCosine(i, 110, opts) <= warmupCosine(i - 1, 110, opts), `rises at ${i}`);
  }
});

Deno.test("warmupCosine without warm-up starts at lr; default lrEnd is 0", () => {
  close(warmupCosine(0, 100, { lr: 3 }), 3);
  close(warmupCosine(100, 100, { lr: 3 }), 0);
});

Deno.test("cosineLr warms up over 2% of the steps", () => {
  close(cosineLr(0, 1000, 1, 0), 1 / 20);
  close(cosineLr(19, 1000, 1, 0), 1);
});

Deno.test("exponentialDecay: geometric from start at the first step to end at the last", () => {
  close(exponentialDecay(0, 101, 1e-2, 1e-3), 1e-2);
  close(exponentialDecay(100, 101, 1e-2, 1e-3), 1e-3);
  close(exponentialDecay(50, 101, 1e-2, 1e-3), Math.sqrt(1e-5));
});
