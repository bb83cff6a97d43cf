import assert from "node:assert/strict";
import {
  checkerboard,
  makeCheckerboard,
  makeCircles,
  makeMoons,
  toy2d,
  twoCircles,
} from "../../lib/data/toy2d.ts";
import { expectNoLeak } from "../_setup.ts";

function meanStd(xs: number[]): [number, number] {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
  return [m, Math.sqrt(v)];
}

Deno.test("toy2d: the same seed gives the same points, another seed other points", () => {
  for (const make of [makeCircles, makeMoons, makeCheckerboard]) {
    const a = make(200, 7);
    const b = make(200, 7);
    const c = make(200, 8);
    assert.deepEqual(a.points, b.points);
    assert.deepEqual(a.labels, b.labels);
    assert.notDeepEqual(a.points, c.points);
    assert.equal(a.points.length, 400);
    assert.ok(a.points.every(Number.isFinite));
  }
});

Deno.test("toy2d: circles have radii 1 and 0.5, half the points on each, noise std 0.06", () => {
  const n = 4001;
  const { points, labels } = makeCircles(n, 3);
  const radii: number[][] = [[], []];
  for (let i = 0; i < n; i++) {
    const r = Math.hypot(points[2 * i], points[2 * i + 1]);
    radii[labels[i]].push(r);
  }
  assert.equal(radii[0].length, 2000); // floor(n/2) outer, as scikit-learn
  assert.equal(radii[1].length, 2001);
  const [mOut, sOut] = meanStd(radii[0]);
  const [mIn, sIn] = meanStd(radii[1]);
  // Isotropic noise of std σ: the radius has std ≈ σ and mean ≈ R + σ²/(2R).
  assert.ok(Math.abs(mOut - 1) < 0.01, `outer mean radius ${mOut}`);
  assert.ok(Math.abs(mIn - 0.5) < 0.01, `inner mean radius ${mIn}`);
  for (const s of [sOut, sIn]) assert.ok(Math.abs(s - 0.06) < 0.006, `radial std ${s}`);
  // Shuffled: labels are not sorted.
  assert.ok(labels.slice(0, 100).some((l) => l === 0) && labels.slice(0, 100).some((l) => l === 1));
  // Options: factor and noise.
  const clean = makeCircles(100, 1, { noise: 0, factor: 0.3 });
  for (let i = 0; i < 100; i++) {
    const r = Math.hypot(clean.points[2 * i], clean.points[2 * i + 1]);
    assert.ok(Math.abs(r - (clean.labels[i] === 0 ? 1 : 0.3)) < 1e-6);
  }
});

Deno.test("toy2d: moons follow scikit-learn's make_moons", () => {
  const clean = makeMoons(101, 2, { noise: 0 });
  let upper = 0;
  for (let i = 0; i < 101; i++) {
    const x = clean.points[2 * i];
    const y = clean.points[2 * i + 1];
    if (clean.labels[i] === 0) {
      upper++;
      assert.ok(Math.abs(Math.hypot(x, y) - 1) < 1e-6 && y >= -1e-6);
    } else {
      assert.ok(Math.abs(Math.hypot(x - 1, y - 0.5) - 1) < 1e-6 && y <= 0.5 + 1e-6);
    }
  }
  assert.equal(upper, 50);
  const noisy = makeMoons(4000, 2, { noise: 0.1 });
  const dev: number[] = [];
  for (let i = 0; i < 4000; i++) {
    const x = noisy.points[2 * i];
    const y = noisy.points[2 * i + 1];
    dev.push(noisy.labels[i] === 0 ? Math.hypot(x, y) - 1 : Math.hypot(x - 1, y - 0.5) - 1);
  }
  const [m, s] = meanStd(dev);
  assert.ok(Math.abs(m) < 0.02 && Math.abs(s - 0.1) < 0.015, `moon noise ${m} ± ${s}`);
});

Deno.test("toy2d: checkerboard fills the 8 even cells of [−4, 4]² uniformly", () => {
  const n = 8000;
  const { points, labels } = makeCheckerboard(n, 5);
  const counts = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const x = points[2 * i];
    const y = points[2 * i + 1];
    assert.ok(x >= -4 && x < 4 && y >= -4 && y < 4);
    const cx = Math.floor(x / 2);
    const cy = Math.floor(y / 2);
    assert.equal((((cx + cy) % 2) + 2) % 2, 0, `point (${x}, ${y}) in an empty cell`);
    counts.set(`${cx},${cy}`, (counts.get(`${cx},${cy}`) ?? 0) + 1);
    assert.ok(labels[i] >= 0 && labels[i] < 8);
  }
  assert.equal(counts.size, 8);
  for (const c of counts.values()) assert.ok(Math.abs(c - n / 8) < 5 * Math.sqrt(n / 8));
  const small = makeCheckerboard(500, 5, { cellSize: 1 });
  assert.ok(small.points.every((v) => v >= -2 && v < 2));
});

Deno.test("toy2d: tensors are [n, 2] float32 and match the arrays", async () => {
  await expectNoLeak(() => {
    const t = twoCircles(10, 4);
    assert.deepEqual(t.shape, [10, 2]);
    assert.equal(t.dtype, "float32");
    assert.deepEqual(t.dataSync(), makeCircles(10, 4).points);
    t.dispose();
    for (const name of ["circles", "moons", "checkerboard"] as const) {
      const d = toy2d(name, 7, 1);
      assert.deepEqual(d.shape, [7, 2]);
      d.dispose();
    }
    const c = checkerboard(3, 1);
    assert.deepEqual(c.dataSync(), makeCheckerboard(3, 1).points);
    c.dispose();
  });
  assert.throws(() => makeCircles(0, 1), /positive integer/);
});
