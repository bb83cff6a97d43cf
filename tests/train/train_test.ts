/** lib/train: likelihoods and KL against closed forms, the loop's callbacks and cancellation. */
import assert from "node:assert/strict";
import {
  batchIndices,
  bernoulliLogLikelihood,
  gaussianLogLikelihood,
  klGaussians,
  klStandardNormal,
  reparameterize,
  Rng,
  trainLoop,
} from "../../lib/mod.ts";
import { tf } from "../_setup.ts";

const close = (a: number, b: number, tol = 1e-5) =>
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

Deno.test("train: Gaussian log-likelihood equals the density formula, per sample", () => {
  const x = tf.tensor([[0.5, -1], [2, 0]]);
  const mean = tf.tensor([[0, 0], [1, 1]]);
  const ll = gaussianLogLikelihood(x, mean, 0.5).arraySync();
  const logN = (v: number, m: number, s: number) =>
    -0.5 * ((v - m) / s) ** 2 - Math.log(s) - 0.5 * Math.log(2 * Math.PI);
  close(ll[0], logN(0.5, 0, 0.5) + logN(-1, 0, 0.5));
  close(ll[1], logN(2, 1, 0.5) + logN(0, 1, 0.5));
  tf.dispose([x, mean]);
});

Deno.test("train: Bernoulli log-likelihood equals −BCE, and stays finite for large logits", () => {
  const x = tf.tensor([[1, 0, 0.3]]);
  const logits = tf.tensor([[2, -1, 0.4]]);
  const p = (l: number) => 1 / (1 + Math.exp(-l));
  const want = Math.log(p(2)) + Math.log(1 - p(-1)) + 0.3 * Math.log(p(0.4)) +
    0.7 * Math.log(1 - p(0.4));
  close(bernoulliLogLikelihood(x, logits).dataSync()[0], want);
  const extreme =
    bernoulliLogLikelihood(tf.tensor([[1, 0]]), tf.tensor([[100, -100]])).dataSync()[0];
  assert.ok(Number.isFinite(extreme) && Math.abs(extreme) < 1e-6);
  tf.dispose([x, logits]);
});

Deno.test("train: KL terms match closed forms; KL to itself is 0", () => {
  const mean = tf.tensor([[1, -0.5]]);
  const logVar = tf.tensor([[Math.log(4), 0]]);
  const want = 0.5 * (1 + 4 - 1 - Math.log(4)) + 0.5 * (0.25 + 1 - 1 - 0);
  close(klStandardNormal(mean, logVar).dataSync()[0], want);
  close(klGaussians(mean, logVar, 0, 0).dataSync()[0], want);
  close(
    klGaussians(tf.fill([3], 0.2), tf.fill([3], Math.log(0.3)), 0.2, Math.log(0.3)).dataSync()[0],
    0,
  );
  tf.dispose([mean, logVar]);
});

Deno.test("train: reparameterised samples have the requested mean and std", () => {
  const mean = tf.fill([20000], 1.5);
  const logVar = tf.fill([20000], Math.log(0.25));
  const z = reparameterize(mean, logVar, 3);
  const { mean: m, variance: v } = tf.moments(z);
  close(m.dataSync()[0], 1.5, 2e-2);
  close(Math.sqrt(v.dataSync()[0]), 0.5, 2e-2);
  tf.dispose([mean, logVar, z, m, v]);
});

Deno.test("train: Rng is deterministic per seed, uniform and normal in distribution", () => {
  const a = new Rng(42);
  const b = new Rng(42);
  const xs = Array.from({ length: 20000 }, () => a.next());
  assert.deepEqual(xs.slice(0, 5), Array.from({ length: 5 }, () => b.next()));
  assert.notDeepEqual(xs.slice(0, 5), Array.from({ length: 5 }, () => new Rng(43).next()));
  close(xs.reduce((s, x) => s + x, 0) / xs.length, 0.5, 1e-2);
  const ns = Array.from({ length: 20000 }, () => a.normal());
  const mu = ns.reduce((s, x) => s + x, 0) / ns.length;
  const sd = Math.sqrt(ns.reduce((s, x) => s + (x - mu) ** 2, 0) / ns.length);
  close(mu, 0, 2e-2);
  close(sd, 1, 2e-2);
});

Deno.test("train: batchIndices covers every example once per epoch", () => {
  const it = batchIndices(new Rng(1), 10, 5);
  const epoch = [...it.next().value!, ...it.next().value!].sort((x, y) => x - y);
  assert.deepEqual(epoch, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

Deno.test("train: trainLoop reports progress with ETA and stops when cancelled", async () => {
  const controller = new AbortController();
  const seen: number[] = [];
  const result = await trainLoop({
    iterations: 100,
    step: (i) => ({ loss: 1 / (i + 1), terms: { a: i } }),
    onProgress: (p) => {
      seen.push(p.iteration);
      assert.ok(p.etaMs >= 0 && p.iterations === 100);
      if (p.iteration === 7) controller.abort();
    },
    signal: controller.signal,
  });
  assert.equal(result.cancelled, true);
  assert.equal(result.iterations, 7);
  assert.deepEqual(seen, [1, 2, 3, 4, 5, 6, 7]);
  assert.equal(result.losses.length, 7);
});

Deno.test("train: trainLoop refuses a diverged (NaN) loss with a clear error", async () => {
  await assert.rejects(
    () => trainLoop({ iterations: 5, step: (i) => (i === 2 ? NaN : 1) }),
    /diverged at iteration 2.*Fix:/,
  );
});

Deno.test("prob: a mask drops missing points from the Gaussian log-likelihood", () => {
  const x = tf.tensor([[[0, 0], [5, 5]]]); // [B=1, K=2, D=2]
  const mean = tf.zeros([1, 2, 2]);
  const masked = gaussianLogLikelihood(x, mean, 1, tf.tensor([[1, 0]])).dataSync()[0];
  const first = gaussianLogLikelihood(tf.tensor([[0, 0]]), 0, 1).dataSync()[0];
  close(masked, first);
  close(first, -Math.log(2 * Math.PI));
  tf.dispose([x, mean]);
});
