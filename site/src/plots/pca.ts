/**
 * Principal component analysis of a few hundred points in a few dimensions (latent states,
 * hidden states), in plain numbers: DOM- and tfjs-free, for build-time figures and demos alike.
 * The covariance's eigenvectors come from the cyclic Jacobi method (exact for symmetric
 * matrices, fine up to ~100 dimensions). Each component's sign is fixed so that its largest
 * entry is positive, so the same data always gives the same picture.
 */

export interface Pca {
  /** Mean of the data [d]. */
  mean: number[];
  /** Principal directions, by decreasing variance: components[k] is a unit vector [d]. */
  components: number[][];
  /** Variance along each component. */
  variances: number[];
  /** Fraction of the total variance each component explains. */
  explained: number[];
}

/** Eigen-decomposition of a symmetric matrix: values and unit vectors (columns of `vectors`). */
export function symmetricEigen(matrix: number[][]): { values: number[]; vectors: number[][] } {
  const n = matrix.length;
  const a = matrix.map((row) => [...row]);
  const v = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => +(i === j)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p][q] ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(a[p][q]) < 1e-300) continue;
        const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k][p];
          const akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p][k];
          const aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k][p];
          const vkq = v[k][q];
          v[k][p] = c * vkp - s * vkq;
          v[k][q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: a.map((row, i) => row[i]), vectors: v };
}

/** PCA of `points` (n rows of d numbers), keeping `k` components (default 2). */
export function pca(points: readonly (readonly number[])[], k = 2): Pca {
  const n = points.length;
  if (n < 2) throw new Error(`pca needs at least 2 points, got ${n}`);
  const d = points[0].length;
  if (k < 1 || k > d) throw new Error(`pca: k must be in [1, ${d}], got ${k}`);
  const mean = Array.from({ length: d }, (_, j) => points.reduce((s, p) => s + p[j], 0) / n);
  const cov = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (const p of points) {
    for (let i = 0; i < d; i++) {
      const di = p[i] - mean[i];
      for (let j = i; j < d; j++) cov[i][j] += (di * (p[j] - mean[j])) / (n - 1);
    }
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) cov[i][j] = cov[j][i];
  const { values, vectors } = symmetricEigen(cov);
  const order = values.map((_, i) => i).sort((a, b) => values[b] - values[a]);
  const total = values.reduce((s, x) => s + Math.max(x, 0), 0) || 1;
  const components = order.slice(0, k).map((i) => {
    const u = vectors.map((row) => row[i]);
    const big = u.reduce((m, x, j) => (Math.abs(x) > Math.abs(u[m]) ? j : m), 0);
    return u[big] < 0 ? u.map((x) => -x) : u;
  });
  const variances = order.slice(0, k).map((i) => Math.max(values[i], 0));
  return { mean, components, variances, explained: variances.map((x) => x / total) };
}

/** Coordinates of `points` in the principal components: n rows of k numbers. */
export function project(model: Pca, points: readonly (readonly number[])[]): number[][] {
  return points.map((p) =>
    model.components.map((u) => u.reduce((s, uj, j) => s + uj * (p[j] - model.mean[j]), 0))
  );
}
