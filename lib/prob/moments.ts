/**
 * Sample moments per column: how close to N(0, 1) each latent dimension's posterior means are
 * (the latent-ODE lecture's table, its demo and its training recipe all read these).
 */

/** Population moments of one column: mean, std, skewness and excess kurtosis. */
export interface Moments {
  mean: number;
  std: number;
  skew: number;
  kurt: number;
}

/**
 * Population moments (divided by n) of each column of `rows` [n][d]. A constant column has no
 * shape: its skewness and excess kurtosis are reported as 0 rather than 0/0.
 */
export function columnMoments(rows: readonly (readonly number[])[]): Moments[] {
  if (rows.length === 0) throw new Error("columnMoments: no rows");
  const n = rows.length;
  return rows[0].map((_, k) => {
    const x = rows.map((r) => r[k]);
    const mean = x.reduce((a, b) => a + b, 0) / n;
    const central = (p: number) => x.reduce((a, v) => a + (v - mean) ** p, 0) / n;
    const m2 = central(2);
    return {
      mean,
      std: Math.sqrt(m2),
      skew: m2 > 0 ? central(3) / m2 ** 1.5 : 0,
      kurt: m2 > 0 ? central(4) / (m2 * m2) - 3 : 0,
    };
  });
}
