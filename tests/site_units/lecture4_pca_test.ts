/**
 * site/src/plots/pca.ts (the PCA of lecture 4's latent trajectories, shared with the demos):
 * eigenpairs of a symmetric matrix, principal directions of a known Gaussian cloud, explained
 * variance, a deterministic sign, and clear errors.
 */
import assert from "node:assert/strict";
import { pca, project, symmetricEigen } from "../../site/src/plots/pca.ts";
import { Rng } from "../../lib/prob/random.ts";

const close = (a: number, b: number, tol: number) => Math.abs(a - b) <= tol;

Deno.test("symmetricEigen: A v = λ v for every pair, orthonormal vectors", () => {
  const A = [[4, 1, 2], [1, 3, 0.5], [2, 0.5, 5]];
  const { values, vectors } = symmetricEigen(A);
  for (let k = 0; k < 3; k++) {
    const v = vectors.map((row) => row[k]);
    for (let i = 0; i < 3; i++) {
      const Av = A[i].reduce((s, a, j) => s + a * v[j], 0);
      assert.ok(close(Av, values[k] * v[i], 1e-10), `pair ${k}, row ${i}`);
    }
    for (let l = 0; l < 3; l++) {
      const dot = vectors.reduce((s, row) => s + row[k] * row[l], 0);
      assert.ok(close(dot, k === l ? 1 : 0, 1e-10));
    }
  }
  // Trace and determinant are preserved.
  assert.ok(close(values.reduce((a, b) => a + b), 12, 1e-10));
});

Deno.test("pca: finds the long axis of a rotated Gaussian cloud and its variance share", () => {
  const rng = new Rng(3);
  const angle = 0.6;
  const [c, s] = [Math.cos(angle), Math.sin(angle)];
  const points = Array.from({ length: 4000 }, () => {
    const [a, b, e] = [3 * rng.normal(), 1 * rng.normal(), 0.1 * rng.normal()];
    return [c * a - s * b + 5, s * a + c * b - 2, e];
  });
  const model = pca(points, 2);
  assert.ok(close(model.mean[0], 5, 0.15) && close(model.mean[1], -2, 0.15));
  const [u1, u2] = model.components;
  assert.ok(close(Math.abs(u1[0] * c + u1[1] * s), 1, 1e-2), `first axis ${u1}`);
  assert.ok(close(Math.abs(-u2[0] * s + u2[1] * c), 1, 1e-2), `second axis ${u2}`);
  assert.ok(close(model.explained[0], 9 / 10.01, 0.02), `explained ${model.explained}`);
  // Sign convention: the largest entry of each component is positive.
  for (const u of model.components) {
    const big = u.reduce((m, x, j) => (Math.abs(x) > Math.abs(u[m]) ? j : m), 0);
    assert.ok(u[big] > 0);
  }
  // Projections are centred and their variance is the component's.
  const coords = project(model, points);
  const mean = coords.reduce((m, p) => m + p[0], 0) / coords.length;
  const variance = coords.reduce((m, p) => m + (p[0] - mean) ** 2, 0) / (coords.length - 1);
  assert.ok(close(mean, 0, 1e-9));
  assert.ok(close(variance, model.variances[0], 1e-6 * variance));
});

Deno.test("pca: bad input gives clear errors", () => {
  assert.throws(() => pca([[1, 2]]), /at least 2 points/);
  assert.throws(() => pca([[1, 2], [3, 4]], 3), /k must be in \[1, 2\]/);
});
