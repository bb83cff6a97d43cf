/**
 * The course's noisy Van der Pol data: seeded, the right noise level, clean states that satisfy
 * the VDP equation, and sub-sequence batches as torchdiffeq's ode_demo builds them.
 */
import assert from "node:assert/strict";
import {
  disposeBatch,
  disposeVdpData,
  makeVdpData,
  subsequenceBatch,
  SubsequenceSampler,
  vanDerPolField,
} from "../../lib/data/vdp.ts";
import { expectNoLeak, maxAbsDiff, tf } from "../_setup.ts";

const DATA = makeVdpData({ seed: 3 });

Deno.test("vdp data: shapes, times and initial states in [-3, 3]²", () => {
  assert.equal(DATA.t.length, 50);
  assert.equal(DATA.t[0], 0);
  assert.ok(Math.abs(DATA.t[49] - 10) < 1e-12);
  assert.deepEqual(DATA.clean.shape, [50, 10, 2]);
  assert.deepEqual(DATA.observed.shape, [50, 10, 2]);
  assert.equal(DATA.x0.length, 10);
  for (const [a, b] of DATA.x0) assert.ok(Math.abs(a) <= 3 && Math.abs(b) <= 3);
  const first = tf.tidy(() => DATA.clean.slice([0, 0, 0], [1, 10, 2]).dataSync());
  assert.ok(maxAbsDiff(first, DATA.x0.flat()) < 1e-6, "clean[0] is x0");
});

Deno.test("vdp data: deterministic under a seed, different for another seed", () => {
  const again = makeVdpData({ seed: 3 });
  const other = makeVdpData({ seed: 4 });
  assert.deepEqual(again.x0, DATA.x0);
  assert.equal(maxAbsDiff(again.observed.dataSync(), DATA.observed.dataSync()), 0);
  assert.ok(maxAbsDiff(other.observed.dataSync(), DATA.observed.dataSync()) > 0.5);
  assert.notDeepEqual(other.x0, DATA.x0);
  disposeVdpData(again);
  disposeVdpData(other);
});

Deno.test("vdp data: the noise has mean ≈ 0 and std ≈ 0.1", () => {
  const noise = Array.from(tf.tidy(() => tf.sub(DATA.observed, DATA.clean).dataSync()));
  const n = noise.length; // 1000 values
  const mean = noise.reduce((s, x) => s + x, 0) / n;
  const std = Math.sqrt(noise.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
  // Standard errors: mean 0.1/√1000 ≈ 0.003, std ≈ 0.1/√2000 ≈ 0.0022.
  assert.ok(Math.abs(mean) < 0.012, `noise mean ${mean}`);
  assert.ok(Math.abs(std - 0.1) < 0.01, `noise std ${std}`);
});

Deno.test("vdp data: clean states satisfy dx/dt = f(x) (finite differences on a fine grid)", () => {
  // The 50-point grid is too coarse for a difference quotient: regenerate the same trajectories
  // (same seed) on a 20× finer grid (981 points, h ≈ 0.0102) and compare the fourth-order
  // central difference (−x(t+2h) + 8x(t+h) − 8x(t−h) + x(t−2h)) / 12h with f(x(t)), in float64.
  const fine = makeVdpData({ seed: 3, points: 49 * 20 + 1, noiseStd: 0 });
  assert.deepEqual(fine.x0, DATA.x0, "same seed, same initial states");
  const x = fine.clean.arraySync() as number[][][];
  const fx = tf.tidy(() => vanDerPolField(1)(0, fine.clean).arraySync() as number[][][]);
  assert.deepEqual(
    tf.tidy(() => vanDerPolField(2)(0, tf.tensor2d([[0.5, -1]])).arraySync()),
    [[-1, 2 * (1 - 0.25) * -1 - 0.5]],
  );
  const h = fine.t[1] - fine.t[0];
  let err = 0;
  let fMax = 0;
  for (let i = 2; i < x.length - 2; i++) {
    for (let n = 0; n < 10; n++) {
      const f = fx[i][n];
      for (let k = 0; k < 2; k++) {
        const fd = (-x[i + 2][n][k] + 8 * x[i + 1][n][k] - 8 * x[i - 1][n][k] + x[i - 2][n][k]) /
          (12 * h);
        err = Math.max(err, Math.abs(fd - f[k]));
        fMax = Math.max(fMax, Math.abs(f[k]));
      }
    }
  }
  // Measured ≈ 1.6e-4 (float32 rounding / h dominates) while |f| reaches ≈ 18.
  assert.ok(err < 1e-3, `max |finite difference − f(x)| = ${err} (max |f| = ${fMax})`);
  assert.ok(fMax > 5, "the check saw a non-trivial field");
  // And the 50-point data are the fine solution at the shared times (every 20th point).
  const diff = tf.tidy(() => {
    const sub = tf.gather(fine.clean, tf.tensor1d(DATA.t.map((_, i) => 20 * i), "int32"));
    return tf.max(tf.abs(tf.sub(sub, DATA.clean))).dataSync()[0];
  });
  assert.ok(diff < 1e-4, `clean states differ between grids by ${diff}`);
  disposeVdpData(fine);
});

Deno.test("vdp batches: windows as torchdiffeq's get_batch, seeded starts, no leaks", async () => {
  const batch = subsequenceBatch(DATA.observed, DATA.t, [5, 17], 10);
  assert.deepEqual(batch.y0.shape, [20, 2]);
  assert.deepEqual(batch.target.shape, [10, 20, 2]);
  assert.equal(batch.t.length, 10);
  assert.equal(batch.t[0], 0);
  assert.ok(Math.abs(batch.t[9] - DATA.t[9]) < 1e-12);
  const expected = tf.tidy(() =>
    tf.concat([DATA.observed.slice([5], [10]), DATA.observed.slice([17], [10])], 1).dataSync()
  );
  assert.equal(maxAbsDiff(batch.target.dataSync(), expected), 0);
  const y0Expected = tf.tidy(() => DATA.observed.gather([5]).reshape([10, 2]).dataSync());
  assert.equal(maxAbsDiff(batch.y0.dataSync().slice(0, 20), y0Expected), 0);
  disposeBatch(batch);

  const starts = (seed: number) => {
    const sampler = new SubsequenceSampler(DATA, { length: 10, starts: 3, seed });
    return Array.from({ length: 20 }, () => sampler.nextStarts());
  };
  assert.deepEqual(starts(1), starts(1));
  assert.notDeepEqual(starts(1), starts(2));
  for (const s of starts(1)) {
    assert.equal(new Set(s).size, 3, "starts of one batch are distinct");
    for (const i of s) assert.ok(i >= 0 && i < 40);
  }
  const sampler = new SubsequenceSampler(DATA, { seed: 0 });
  await expectNoLeak(() => {
    for (let i = 0; i < 5; i++) disposeBatch(sampler.next());
  }, "sampling batches");
  assert.throws(() => subsequenceBatch(DATA.observed, DATA.t, [45], 10), /start index 45/);
});
