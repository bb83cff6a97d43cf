/** GRUCell: shapes, seeded init, and PyTorch's GRU equations checked by hand on a tiny example. */
import assert from "node:assert/strict";
import { GRUCell } from "../../lib/nn/gru.ts";
import { expectNoLeak, maxAbsDiff, tf } from "../_setup.ts";

Deno.test("GRUCell: shapes, parameter names and seeded initialisation", async () => {
  const gru = new GRUCell(3, 5, { seed: 2 });
  const names = Object.keys(gru.namedParameters());
  assert.deepEqual(names, [
    "Wxr",
    "bxr",
    "Whr",
    "bhr",
    "Wxz",
    "bxz",
    "Whz",
    "bhz",
    "Wxn",
    "bxn",
    "Whn",
    "bhn",
  ]);
  assert.equal(gru.parameterCount(), 3 * (3 * 5 + 5 + 5 * 5 + 5));
  for (const p of gru.parameters()) {
    const v = p.dataSync();
    assert.ok(v.every((x) => Math.abs(x) <= 1 / Math.sqrt(5)), "init ~ U(±1/√H)");
  }
  const same = new GRUCell(3, 5, { seed: 2 });
  assert.deepEqual(same.gates.n.Wh.dataSync(), gru.gates.n.Wh.dataSync());
  const x = tf.randomNormal([4, 3], 0, 1, "float32", 1);
  const h = tf.randomNormal([4, 5], 0, 1, "float32", 2);
  await expectNoLeak(() => {
    const h1 = gru.step(x, h);
    assert.deepEqual(h1.shape, [4, 5]);
    const seq = tf.zeros([7, 4, 3]);
    const projected = gru.projectInput(seq);
    assert.deepEqual(projected.r.shape, [7, 4, 5]);
    tf.dispose([h1, seq, projected.r, projected.z, projected.n]);
  }, "GRUCell.step");
  tf.dispose([x, h]);
  gru.dispose();
  same.dispose();
});

Deno.test("GRUCell: one step equals a hand computation of the GRU equations", () => {
  const gru = new GRUCell(2, 3, { seed: 5 });
  const x = [[0.3, -1.2], [1.5, 0.4]];
  const h = [[0.1, -0.2, 0.7], [-0.5, 0.9, 0.0]];
  const read = (v: tf.Variable) => v.arraySync() as number[][] | number[];
  const p = Object.fromEntries(
    Object.entries(gru.namedParameters()).map(([k, v]) => [k, read(v)]),
  ) as Record<string, number[][] & number[]>;
  const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
  // affine(v, W, b)[j] = Σ_i v[i]·W[i][j] + b[j]
  const affine = (v: number[], W: number[][], b: number[]) =>
    b.map((bj, j) => v.reduce((s, vi, i) => s + vi * W[i][j], bj));
  const expected = x.flatMap((xb, bIdx) => {
    const hb = h[bIdx];
    const xr = affine(xb, p.Wxr, p.bxr), hr = affine(hb, p.Whr, p.bhr);
    const xz = affine(xb, p.Wxz, p.bxz), hz = affine(hb, p.Whz, p.bhz);
    const xn = affine(xb, p.Wxn, p.bxn), hn = affine(hb, p.Whn, p.bhn);
    return hb.map((hj, j) => {
      const r = sigmoid(xr[j] + hr[j]);
      const z = sigmoid(xz[j] + hz[j]);
      const n = Math.tanh(xn[j] + r * hn[j]);
      return (1 - z) * n + z * hj;
    });
  });
  const got = tf.tidy(() => gru.step(tf.tensor2d(x), tf.tensor2d(h)).dataSync());
  assert.ok(maxAbsDiff(got, expected) < 1e-6, `max diff ${maxAbsDiff(got, expected)}`);
  gru.dispose();
});
