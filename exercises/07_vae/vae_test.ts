/**
 * Exercise 7: the VAE's pieces. The reparameterisation by the statistics of many samples and by
 * its gradients (∂z/∂µ = 1, ∂z/∂logVar = ½σε); the KL by its closed form in float64 and by a
 * Monte Carlo estimate; the Bernoulli log-likelihood by the textbook formula, including logits
 * far too large for a naive log(sigmoid); the ELBO by numbers worked out by hand and against a
 * VAE's own loss.
 */
import { reparameterize } from "./reparameterize.ts";
import { klStandardNormal } from "./kl_standard_normal.ts";
import { bernoulliLogLikelihood } from "./bernoulli_log_likelihood.ts";
import { negativeElbo } from "./negative_elbo.ts";
import * as lik from "../../lib/prob/likelihoods.ts";
import { VAE } from "../../lib/models/vae.ts";
import {
  expectClose,
  expectEvery,
  expectNoLeak,
  expectTrue,
  formatNumbers,
  seededTensor,
  take,
  tf,
} from "../_kit/testing.ts";

Deno.test("task 7.1 reparameterize draws samples with mean µ and standard deviation σ", () => {
  const n = 4000;
  const mean = tf.tile(tf.tensor2d([[1, -2, 0]]), [n, 1]);
  const logVar = tf.tile(tf.tensor2d([[0, Math.log(4), Math.log(0.01)]]), [n, 1]);
  const ctx = {
    call: "reparameterize(µ = [1, −2, 0], logVar = [0, log 4, log 0.01], seed 5), 4000 rows",
    likelyCause: "σ = exp(½·logVar) (not exp(logVar)), and z = µ + σ·ε with ε ~ N(0, 1)",
  };
  const z = expectNoLeak(() => reparameterize(mean, logVar, 5), () => 1, ctx);
  const { mean: m, variance } = tf.moments(z, 0);
  expectClose(m, [1, -2, 0], { ...ctx, call: `${ctx.call}: sample mean` }, { atol: 0.1 });
  expectClose(tf.sqrt(variance), [1, 2, 0.1], { ...ctx, call: `${ctx.call}: sample std` }, {
    atol: 0,
    rtol: 0.06,
  });
  tf.dispose([mean, logVar, z, m, variance]);
});

Deno.test("task 7.1 reparameterize is reproducible by seed and lets gradients through", () => {
  const mean = tf.tensor2d([[0.3, -1], [2, 0.5]]);
  const logVar = tf.tensor2d([[0.2, -1], [0, 1]]);
  const ctx = {
    call: "reparameterize(mean, logVar, seed) for seeds 0 and 7",
    input: { mean, logVar },
    likelyCause: "draw ε with standardNormal(mean.shape, seed) (seed 0 included)",
  };
  expectEvery([0, 7], (seed) => {
    expectClose(reparameterize(mean, logVar, seed), lik.reparameterize(mean, logVar, seed), {
      ...ctx,
      call: `${ctx.call}: seed ${seed} against the library`,
    });
  });
  // z = µ + e^{logVar/2}·ε: ∂Σz/∂µ = 1, ∂Σz/∂logVar = ½·σ·ε = ½·(z − µ).
  const z = reparameterize(mean, logVar, 7);
  const [dMean, dLogVar] = tf.grads((m: tf.Tensor, v: tf.Tensor) =>
    tf.sum(reparameterize(m, v, 7))
  )([
    mean,
    logVar,
  ]);
  expectClose(dMean, tf.onesLike(mean), { ...ctx, call: `${ctx.call}: ∂Σz/∂mean` });
  expectClose(dLogVar, tf.mul(0.5, tf.sub(z, mean)), { ...ctx, call: `${ctx.call}: ∂Σz/∂logVar` });
  tf.dispose([mean, logVar, z, dMean, dLogVar]);
});

Deno.test("task 7.1 reparameterize follows its seed: same seed, same z; another or none, new z", () => {
  const mean = tf.zeros([2, 3]);
  const logVar = tf.zeros([2, 3]);
  const call = "reparameterize(mean = 0, logVar = 0 [2, 3], seed)";
  const draw = (seed?: number) => take(reparameterize(mean, logVar, seed));
  const same = (a: number[], b: number[]) => a.every((v, i) => v === b[i]);
  // [seeds of two calls, whether their samples must be equal, the usual bug when they are not]
  const cases: [(number | undefined)[], boolean, string][] = [
    [[3, 3], true, "ε is not drawn from the seed: use standardNormal(mean.shape, seed)"],
    [
      [0, 0],
      true,
      "seed 0 is treated as no seed (tf.randomNormal does that): use the imported " +
      "standardNormal, which makes seed 0 reproducible too",
    ],
    [
      [3, 4],
      false,
      "the seed is ignored (a fixed seed?): pass the caller's seed on to " +
      "standardNormal(mean.shape, seed)",
    ],
    [
      [undefined, undefined],
      false,
      "without a seed every call must draw fresh noise: a " +
      "default seed (seed ?? 0) makes every unseeded sample the same; pass seed on as it is, " +
      "undefined included",
    ],
  ];
  expectEvery(cases, ([[a, b], equal, likelyCause]) => {
    const za = draw(a);
    const zb = draw(b);
    expectTrue(
      same(za, zb) === equal,
      { call: `${call}: seeds ${a ?? "none"} and ${b ?? "none"}`, likelyCause },
      `first call  ${formatNumbers(za, 3)}`,
      `second call ${formatNumbers(zb, 3)}`,
      equal ? "expected the same sample twice" : "expected two different samples",
    );
  });
  tf.dispose([mean, logVar]);
});

Deno.test("task 7.2 klStandardNormal equals ½Σ(µ² + σ² − 1 − log σ²) per sample", () => {
  const mu = [[0, 0], [1, -2], [0.5, 0]];
  const lv = [[0, 0], [0, Math.log(0.25)], [1, -1]];
  const want = mu.map((row, b) =>
    row.reduce((s, m, j) => s + 0.5 * (m * m + Math.exp(lv[b][j]) - 1 - lv[b][j]), 0)
  );
  const mean = tf.tensor2d(mu);
  const logVar = tf.tensor2d(lv);
  const ctx = {
    call: "klStandardNormal(mean, logVar) for 3 samples of 2 dimensions",
    input: { mean, logVar },
    likelyCause: "one value per sample (sum over the latent dimensions), and σ² = exp(logVar)",
  };
  const got = expectNoLeak(() => klStandardNormal(mean, logVar), () => 1, ctx);
  expectClose(got, want, ctx);
  expectTrue(want[0] === 0, ctx, "(self-check: q = p has KL 0)");
  tf.dispose([mean, logVar, got]);
});

Deno.test("task 7.2 klStandardNormal agrees with a Monte Carlo estimate of E_q[log q − log p]", () => {
  const n = 20000;
  const mean = tf.tensor2d([[0.8, -0.3]]);
  const logVar = tf.tensor2d([[Math.log(0.5), Math.log(2)]]);
  const z = lik.reparameterize(tf.tile(mean, [n, 1]), tf.tile(logVar, [n, 1]), 11);
  const logQ = lik.gaussianLogLikelihood(z, mean, tf.exp(tf.mul(0.5, logVar)));
  const logP = lik.gaussianLogLikelihood(z, 0, 1);
  const estimate = take(tf.mean(tf.sub(logQ, logP)))[0];
  expectClose(klStandardNormal(mean, logVar), [estimate], {
    call: "klStandardNormal(µ = [0.8, −0.3], σ² = [0.5, 2]) vs a 20 000-sample Monte Carlo KL",
    likelyCause: "the closed form ½Σ(µ² + σ² − 1 − log σ²)",
  }, { atol: 0.03 });
  tf.dispose([mean, logVar, z, logQ, logP]);
});

Deno.test("task 7.3 bernoulliLogLikelihood is Σ x·log p + (1 − x)·log(1 − p), even for huge logits", () => {
  const x = [[1, 0, 0.3], [0, 1, 1]];
  const l = [[2, -1, 0.5], [60, -60, 30]];
  const logSigmoid = (v: number) => -Math.log1p(Math.exp(-v));
  const want = x.map((row, b) =>
    row.reduce((s, xi, j) => s + xi * logSigmoid(l[b][j]) + (1 - xi) * logSigmoid(-l[b][j]), 0)
  );
  const xs = tf.tensor2d(x);
  const logits = tf.tensor2d(l);
  const ctx = {
    call: "bernoulliLogLikelihood(x, logits) with logits up to ±60",
    input: { x: xs, logits },
    likelyCause: "log(sigmoid(60)) and log(1 − sigmoid(60)) overflow in float32: use " +
      "x·l − softplus(l); and sum per sample",
  };
  const got = expectNoLeak(() => bernoulliLogLikelihood(xs, logits), () => 1, ctx);
  expectClose(got, want, ctx, { rtol: 1e-5 });
  tf.dispose([xs, logits, got]);
});

Deno.test("task 7.3 bernoulliLogLikelihood matches the library on random images", () => {
  const x = seededTensor([4, 3, 5], 21, 0, 1);
  const logits = seededTensor([4, 3, 5], 22, -6, 6);
  expectClose(bernoulliLogLikelihood(x, logits), lik.bernoulliLogLikelihood(x, logits), {
    call: "bernoulliLogLikelihood(x [4, 3, 5] in [0, 1], logits [4, 3, 5])",
    likelyCause: "one value per sample: sum over every axis but the first",
  });
  tf.dispose([x, logits]);
});

Deno.test("task 7.4 negativeElbo combines reconstruction and β·KL, worked out by hand", () => {
  // x = [1, 0], logits 0: −log p = 2·log 2. µ = 1, σ² = 1: KL = ½. Two copies, one with µ = 0.
  const x = tf.tensor2d([[1, 0], [1, 0]]);
  const logits = tf.zeros([2, 2]);
  const mean = tf.tensor2d([[1], [0]]);
  const logVar = tf.zeros([2, 1]);
  const ctx = {
    call: "negativeElbo(x = [[1, 0], [1, 0]], logits = 0, mean = [[1], [0]], logVar = 0, β = 2)",
    likelyCause: "loss = mean over the batch of −log p(x | z) + β·(mean over the batch of KL)",
  };
  const parts = expectNoLeak(() => negativeElbo(x, logits, mean, logVar, 2), () => 3, ctx);
  expectClose(parts.terms?.reconstruction ?? NaN, 2 * Math.log(2), {
    ...ctx,
    call: `${ctx.call}: terms.reconstruction`,
  });
  expectClose(parts.terms?.kl ?? NaN, 0.25, { ...ctx, call: `${ctx.call}: terms.kl` });
  expectClose(parts.loss, 2 * Math.log(2) + 2 * 0.25, { ...ctx, call: `${ctx.call}: loss` });
  tf.dispose([x, logits, mean, logVar, parts.loss]);
});

Deno.test("task 7.4 negativeElbo on a VAE's pieces equals the VAE's own loss", () => {
  const vae = new VAE({ inputSize: 12, latentSize: 2, hidden: [8], seed: 3 });
  const x = seededTensor([5, 12], 31, 0, 1);
  const { mean, logVar } = vae.encode(x);
  const z = lik.reparameterize(mean, logVar, 13);
  const logits = vae.decodeLogits(z);
  const got = negativeElbo(x, logits, mean, logVar, 0.5);
  const want = vae.loss(x, { seed: 13, beta: 0.5 });
  expectClose(got.loss, want.loss, {
    call: "negativeElbo on a 12-pixel VAE's encoder/decoder outputs, β = 0.5, vs VAE.loss",
  });
  tf.dispose([x, mean, logVar, z, logits, got.loss, want.loss]);
  vae.dispose();
});
