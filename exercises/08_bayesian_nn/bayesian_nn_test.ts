/**
 * Exercise 8: a mean-field Gaussian vector field. Sampling is checked by the statistics of many
 * draws, by its gradients (∂w/∂µ = 1, ∂w/∂ρ = sigmoid(ρ)·ε), and against the weights a
 * BayesianMLP actually draws; the KL by its closed form in float64, by KL = 0 when the
 * posterior is the prior, and against BayesianMLP.kl().
 */
import { sampleWeights } from "./sample_weights.ts";
import { meanFieldKl } from "./mean_field_kl.ts";
import { BayesianMLP, inverseSoftplus } from "../../lib/nn/bnn.ts";
import { expectClose, expectEvery, expectNoLeak, expectTrue, take, tf } from "../_kit/testing.ts";

Deno.test("task 8.1 sampleWeights draws w ~ N(µ, softplus(ρ)²), one stream per tensor", () => {
  const n = 5000;
  const means = [tf.fill([n], 1.5), tf.fill([n], -0.5)];
  const rhos = [tf.fill([n], inverseSoftplus(0.3)), tf.fill([n], inverseSoftplus(2))];
  const ctx = {
    call: "sampleWeights([µ = 1.5, µ = −0.5], [σ = 0.3, σ = 2] (as ρ = softplus⁻¹(σ)), seed 4)",
    likelyCause: "σ = softplus(ρ), and tensor k gets its own noise standardNormal(shape, seed + k)",
  };
  const w = expectNoLeak(() => sampleWeights(means, rhos, 4), (r) => r.length, ctx);
  expectTrue(w.length === 2, ctx, `returned ${w.length} tensors, expected 2`);
  const stats = w.map((x) => tf.moments(x));
  const means_ = stats.map((m) => take(m.mean)[0]);
  const stds = stats.map((m) => Math.sqrt(take(m.variance)[0]));
  // The spread first: a wrong σ (e^ρ, ρ itself) also widens the sample mean's scatter, and would
  // otherwise fail the mean check with the wrong cause.
  expectClose(stds, [0.3, 2], {
    ...ctx,
    call: `${ctx.call}: sample standard deviations`,
    likelyCause: "σ = softplus(ρ) = log(1 + e^ρ) (not e^ρ, not ρ itself), and w = µ + σ·ε",
  }, { atol: 0, rtol: 0.05 });
  // Mean within 5 standard errors (σ/√n) of µ.
  expectClose(means_, [1.5, -0.5], {
    ...ctx,
    call: `${ctx.call}: sample means`,
    likelyCause: "w = µ + σ·ε: add the mean µ to the scaled noise (ε ~ N(0, 1))",
  }, { atol: 5 * 2 / Math.sqrt(n) });
  // Same seed, same draw; the two tensors' noises differ (seed + k).
  const again = sampleWeights(means, rhos, 4);
  expectClose(again[0], w[0], { ...ctx, call: `${ctx.call}: drawn twice with seed 4` });
  const eps0 = take(tf.div(tf.sub(w[0], 1.5), 0.3));
  const eps1 = take(tf.div(tf.sub(w[1], -0.5), 2));
  expectTrue(
    Math.abs(eps0[0] - eps1[0]) > 1e-4 || Math.abs(eps0[1] - eps1[1]) > 1e-4,
    { ...ctx, likelyCause: "tensor k needs its own noise standardNormal(shape, seed + k)" },
    "both tensors got the same noise ε: use seed + k for the k-th tensor",
  );
  tf.dispose([...means, ...rhos, ...w, ...again]);
});

Deno.test("task 8.1 sampleWeights equals the weights a BayesianMLP draws, with gradients", () => {
  const bnn = new BayesianMLP([2, 5, 2], { seed: 3, initStd: 0.1 });
  const ctx = {
    call: "sampleWeights(bnn.means(), bnn.rhos(), 17) vs BayesianMLP.drawF(17).weights",
    likelyCause:
      "w_k = µ_k + softplus(ρ_k)·ε_k with ε_k = standardNormal(means[k].shape, seed + k)",
  };
  const mine = sampleWeights(bnn.means(), bnn.rhos(), 17);
  const f = bnn.drawF(17);
  expectEvery(
    mine,
    (w, k) => expectClose(w, f.weights[k], { ...ctx, call: `${ctx.call}: tensor ${k}` }),
  );
  // w = µ + softplus(ρ)·ε: ∂Σw/∂µ = 1, ∂Σw/∂ρ = sigmoid(ρ)·ε.
  const [mu, rho] = [bnn.means()[0], bnn.rhos()[0]];
  const [dMu, dRho] = tf.grads((m: tf.Tensor, r: tf.Tensor) =>
    tf.sum(sampleWeights([m, bnn.means()[1]], [r, bnn.rhos()[1]], 17)[0])
  )([mu, rho]);
  const eps = tf.div(tf.sub(mine[0], mu), tf.softplus(rho));
  expectClose(dMu, tf.onesLike(mu), { ...ctx, call: "∂Σw₀/∂µ₀ through sampleWeights" });
  expectClose(dRho, tf.mul(tf.sigmoid(rho), eps), {
    ...ctx,
    call: "∂Σw₀/∂ρ₀ through sampleWeights",
  }, {
    atol: 1e-4,
  });
  f.dispose();
  tf.dispose([...mine, dMu, dRho, eps]);
  bnn.dispose();
});

Deno.test("task 8.2 meanFieldKl is the closed-form Gaussian KL summed over all weights", () => {
  const priorStd = 0.5;
  const mu = [[0.2, -1, 0], [0.7]];
  const sigma = [[0.5, 0.1, 1], [0.3]];
  const kl = (m: number, s: number) =>
    Math.log(priorStd / s) + (s * s + m * m) / (2 * priorStd * priorStd) - 0.5;
  const want = mu.flatMap((row, k) => row.map((m, j) => kl(m, sigma[k][j]))).reduce((a, b) =>
    a + b
  );
  const means = mu.map((row) => tf.tensor(row));
  const rhos = sigma.map((row) => tf.tensor(row.map(inverseSoftplus)));
  const ctx = {
    call: "meanFieldKl(means, rhos, priorStd = 0.5) for tensors of 3 and 1 weights",
    likelyCause: "KL(N(µ, σ²) ‖ N(0, s²)) = log(s/σ) + (σ² + µ²)/(2s²) − ½ for every weight, " +
      "summed; σ = softplus(ρ), and the prior's log-variance is 2·log(priorStd)",
  };
  const got = expectNoLeak(() => meanFieldKl(means, rhos, priorStd), () => 1, ctx);
  expectClose(got, want, ctx, { rtol: 1e-4 });
  // The posterior equal to the prior costs nothing.
  const zero = meanFieldKl([tf.zeros([4])], [tf.fill([4], inverseSoftplus(priorStd))], priorStd);
  expectClose(zero, 0, { ...ctx, call: "meanFieldKl(µ = 0, σ = priorStd): q = p" }, { atol: 1e-5 });
  tf.dispose([...means, ...rhos, got, zero]);
});

Deno.test("task 8.2 meanFieldKl equals BayesianMLP.kl() and its gradient µ/s²", () => {
  const bnn = new BayesianMLP([3, 6, 3], { seed: 8, priorStd: 0.7, initStd: 0.2 });
  const ctx = { call: "meanFieldKl(bnn.means(), bnn.rhos(), 0.7) vs BayesianMLP.kl()" };
  expectClose(meanFieldKl(bnn.means(), bnn.rhos(), 0.7), bnn.kl(), ctx);
  const mu = bnn.means()[0];
  const [dMu] = tf.grads((m: tf.Tensor) =>
    meanFieldKl([m, ...bnn.means().slice(1)], bnn.rhos(), 0.7)
  )([
    mu,
  ]);
  expectClose(dMu, tf.div(mu, 0.49), { ...ctx, call: "∂KL/∂µ₀ through meanFieldKl (= µ/s²)" });
  dMu.dispose();
  bnn.dispose();
});
