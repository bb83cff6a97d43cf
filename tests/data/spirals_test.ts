/**
 * The spirals data set: seeded, the literature's laws (radius 0.4t + 0.5, angle ±1.5t + θ),
 * 30 sorted distinct observation times per spiral, the 200/50 split, noise std 0.05, and the
 * masked batch layout on the dense grid.
 */
import assert from "node:assert/strict";
import {
  disposeSpiralBatch,
  generateSpirals,
  type Spiral,
  spiralBatch,
  spiralBatches,
} from "../../lib/data/spirals.ts";
import { expectNoLeak } from "../_setup.ts";

const data = generateSpirals({ seed: 3 });
const all = [...data.train, ...data.eval];

Deno.test("spirals: deterministic under a seed, different across seeds", () => {
  const again = generateSpirals({ seed: 3 });
  assert.deepEqual(again.train[17], data.train[17]);
  assert.deepEqual(again.eval[49], data.eval[49]);
  const other = generateSpirals({ seed: 4 });
  assert.notDeepEqual(other.train[0].obs, data.train[0].obs);
});

Deno.test("spirals: 250 spirals split 200 train / 50 eval on a 100-point grid over [0, 5]", () => {
  assert.equal(data.train.length, 200);
  assert.equal(data.eval.length, 50);
  assert.equal(data.denseTimes.length, 100);
  assert.equal(data.denseTimes[0], 0);
  assert.equal(data.denseTimes[99], 5);
  for (const s of all) assert.equal(s.dense.length, 100);
  const dirs = all.map((s) => s.direction);
  assert.ok(dirs.includes(1) && dirs.includes(-1), "both directions occur");
  const cw = dirs.filter((d) => d === -1).length;
  assert.ok(cw > 90 && cw < 160, `directions roughly balanced: ${cw} of 250 clockwise`);
  for (const s of all) assert.ok(s.phase >= 0 && s.phase < 2 * Math.PI);
});

Deno.test("spirals: clean dense points follow |x| = 0.4t + 0.5 exactly", () => {
  let worst = 0;
  for (const s of all) {
    s.dense.forEach(([x, y], i) => {
      const t = s.denseTimes[i];
      worst = Math.max(worst, Math.abs(Math.hypot(x, y) - (0.4 * t + 0.5)));
    });
  }
  assert.ok(worst < 1e-12, `radius law off by ${worst}`);
});

Deno.test("spirals: the angle advances at ±1.5 rad per unit time, from the phase θ", () => {
  for (const s of all) {
    const angle = ([x, y]: [number, number]) => Math.atan2(y, x);
    const wrap = (a: number) => Math.atan2(Math.sin(a), Math.cos(a));
    assert.ok(Math.abs(wrap(angle(s.dense[0]) - s.phase)) < 1e-12);
    for (let i = 1; i < s.dense.length; i++) {
      const dt = s.denseTimes[i] - s.denseTimes[i - 1];
      const rate = wrap(angle(s.dense[i]) - angle(s.dense[i - 1])) / dt;
      assert.ok(Math.abs(rate - 1.5 * s.direction) < 1e-9, `rate ${rate}, dir ${s.direction}`);
    }
  }
});

Deno.test("spirals: 30 sorted, distinct, irregular observation times in [0, 5] on the grid", () => {
  const gaps = new Set<number>();
  for (const s of all) {
    assert.equal(s.obsTimes.length, 30);
    assert.equal(s.obs.length, 30);
    for (let k = 0; k < 30; k++) {
      assert.ok(s.obsTimes[k] >= 0 && s.obsTimes[k] <= 5);
      assert.equal(s.obsTimes[k], s.denseTimes[s.obsIndices[k]]);
      if (k > 0) {
        assert.ok(s.obsTimes[k] > s.obsTimes[k - 1], "strictly increasing");
        gaps.add(s.obsIndices[k] - s.obsIndices[k - 1]);
      }
    }
  }
  assert.ok(gaps.size > 5, `gaps are irregular: ${[...gaps]}`);
  // Different spirals are observed at different times.
  assert.notDeepEqual(all[0].obsIndices, all[1].obsIndices);
});

Deno.test("spirals: observation noise has std ≈ 0.05 and mean ≈ 0", () => {
  const residuals: number[] = [];
  for (const s of all) {
    s.obsIndices.forEach((i, k) => {
      residuals.push(s.obs[k][0] - s.dense[i][0], s.obs[k][1] - s.dense[i][1]);
    });
  }
  const n = residuals.length; // 15 000
  const mean = residuals.reduce((a, b) => a + b, 0) / n;
  const std = Math.sqrt(residuals.reduce((a, r) => a + (r - mean) ** 2, 0) / (n - 1));
  assert.ok(Math.abs(mean) < 0.002, `noise mean ${mean}`);
  assert.ok(Math.abs(std - 0.05) < 0.002, `noise std ${std}`);
});

Deno.test("spirals: a batch keeps each spiral's own times; cut rows are padded and masked", async () => {
  const spirals: Spiral[] = data.train.slice(0, 5);
  await expectNoLeak(() => {
    const batch = spiralBatch(spirals);
    assert.deepEqual(batch.values.shape, [5, 30, 2]);
    assert.equal(batch.mask, undefined, "full rows need no mask");
    assert.deepEqual(batch.clean.shape, [5, 100, 2]);
    assert.deepEqual(batch.times, spirals.map((s) => s.obsTimes));
    assert.equal(batch.denseTimes, data.denseTimes);
    const values = batch.values.arraySync();
    const clean = batch.clean.arraySync();
    spirals.forEach((s, b) => {
      s.obs.forEach(([x, y], k) => {
        assert.ok(Math.abs(values[b][k][0] - x) < 1e-6 && Math.abs(values[b][k][1] - y) < 1e-6);
      });
      assert.ok(Math.abs(clean[b][42][1] - s.dense[42][1]) < 1e-6);
    });
    disposeSpiralBatch(batch);

    const early = spiralBatch(spirals, { until: 2.5 });
    const counts = spirals.map((s) => s.obsTimes.filter((t) => t <= 2.5).length);
    const K = Math.max(...counts);
    assert.deepEqual(early.values.shape, [5, K, 2]);
    const mask = early.mask!.arraySync();
    const earlyValues = early.values.arraySync();
    spirals.forEach((s, b) => {
      assert.equal(mask[b].reduce((a, m) => a + m, 0), counts[b]);
      early.times[b].forEach((t, k) => {
        assert.ok(t <= 2.5);
        if (k < counts[b]) assert.equal(t, s.obsTimes[k]);
        else {
          assert.equal(t, s.obsTimes[counts[b] - 1], "padding repeats the last time");
          assert.deepEqual(earlyValues[b][k], [0, 0]);
        }
      });
    });
    disposeSpiralBatch(early);
  }, "spiralBatch");
});

Deno.test("spirals: seeded minibatches cover the training set once per epoch", () => {
  const it = spiralBatches(data.train, 50, 7);
  const seen = new Set<Spiral>();
  for (let k = 0; k < 4; k++) for (const s of it.next().value!) seen.add(s);
  assert.equal(seen.size, 200);
  const a = spiralBatches(data.train, 50, 7).next().value!;
  const b = spiralBatches(data.train, 50, 7).next().value!;
  assert.deepEqual(a, b);
});
