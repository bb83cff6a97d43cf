/**
 * LatentODE on irregular spirals: shapes and the encoder's batch independence, the shared model
 * checks (one step lowers the loss, gradients match finite differences, training leaks nothing),
 * and a short training run in which the −ELBO falls clearly.
 * Small grids (30 points instead of 100) keep the file fast on the cpu backend.
 */
import assert from "node:assert/strict";
import {
  disposeSpiralBatch,
  generateSpirals,
  spiralBatch,
  truncateBatch,
} from "../../lib/data/spirals.ts";
import { LatentODE } from "../../lib/models/latent_ode.ts";
import { hermiteMatrices, linearInterpolationMatrix } from "../../lib/ode/interpolate.ts";
import { odeint } from "../../lib/ode/mod.ts";
import { optimizerStep } from "../../lib/train/step.ts";
import { expectNoLeak, maxAbsDiff, tf } from "../_setup.ts";
import {
  assertGradientsMatchFiniteDifferences,
  assertOneStepLowersLoss,
  assertTrainingLeaksNothing,
} from "../_model_checks.ts";

const small = generateSpirals({ count: 24, train: 16, denseSize: 30, observations: 10, seed: 1 });

Deno.test("LatentODE: shapes of encode, reconstruct, extrapolate, posterior means, loss", async () => {
  const model = new LatentODE({ seed: 3 });
  const batch = spiralBatch(small.train.slice(0, 3));
  assert.deepEqual(batch.values.shape, [3, 10, 2]);
  await expectNoLeak(() => {
    const { mean, logVar } = model.encode(batch.values, batch.times, batch.mask);
    assert.deepEqual(mean.shape, [3, 4]);
    assert.deepEqual(logVar.shape, [3, 4]);
    const rec = model.reconstruct(batch, batch.denseTimes);
    assert.deepEqual(rec.shape, [3, 30, 2]);
    const atObs = model.reconstruct(batch, batch.times, 1);
    assert.deepEqual(atObs.shape, [3, 10, 2]);
    const { times, predictions } = model.extrapolate(batch, batch.denseTimes, 2.5);
    assert.ok(times.length > 0 && times.every((t) => t > 2.5));
    assert.equal(times.length, small.denseTimes.filter((t) => t > 2.5).length);
    assert.deepEqual(predictions.shape, [3, times.length, 2]);
    const mu = model.posteriorMeans(batch);
    assert.ok(maxAbsDiff(mu.dataSync(), mean.dataSync()) < 1e-6);
    const { loss, terms } = model.loss(batch, { seed: 0 });
    assert.deepEqual(loss.shape, []);
    const [l, nll, kl] = [loss, terms!.nll, terms!.kl].map((x) => x.dataSync()[0]);
    assert.ok(Math.abs(l - (nll + kl)) < 1e-3 * Math.abs(l), "loss = nll + kl");
    assert.ok(kl >= 0);
    tf.dispose([mean, logVar, rec, atObs, predictions, mu, loss, ...Object.values(terms!)]);
  }, "LatentODE forward");
  disposeSpiralBatch(batch);
  model.dispose();
});

Deno.test("LatentODE: a spiral encodes the same alone, in a batch, and padded", () => {
  const model = new LatentODE({ seed: 4 });
  const spirals = small.train.slice(0, 4);
  const batch = spiralBatch(spirals);
  const alone = spiralBatch(spirals.slice(2, 3));
  const early = spiralBatch(spirals, { until: 2.5 }); // rows of unequal length: padded + mask
  const earlyAlone = spiralBatch(spirals.slice(2, 3), { until: 2.5 });
  tf.tidy(() => {
    const inBatch = model.encode(batch.values, batch.times, batch.mask).mean.arraySync()[2];
    const single = model.encode(alone.values, alone.times, alone.mask).mean.arraySync()[0];
    assert.ok(maxAbsDiff(inBatch, single) < 1e-5, "batch independence");
    assert.ok(early.mask, "cut rows are padded and masked");
    const padded = model.encode(early.values, early.times, early.mask).mean.arraySync()[2];
    const unpadded = model.encode(earlyAlone.values, earlyAlone.times, earlyAlone.mask).mean
      .arraySync()[0];
    assert.ok(maxAbsDiff(padded, unpadded) < 1e-5, "padding does not change the encoding");
    // truncateBatch (used by extrapolate) gives the same as building the cut batch directly.
    const cut = truncateBatch(batch, 2.5);
    assert.deepEqual(cut.times, early.times);
    assert.ok(maxAbsDiff(cut.values.dataSync(), early.values.dataSync()) < 1e-7);
  });
  [batch, alone, early, earlyAlone].forEach(disposeSpiralBatch);
  model.dispose();
});

Deno.test("LatentODE: batched Hermite output equals lib/ode's rk4 dense output", () => {
  const model = new LatentODE({ seed: 5 });
  const times = [0, 0.1, 0.33, 0.5, 1.2, 2.0, 2.01, 3.7, 5];
  tf.tidy(() => {
    const z0 = tf.randomNormal([3, 4], 0, 1, "float32", 9);
    const ours = model.latentTrajectory(z0, times); // [B, T, L]
    const field = (_t: number, z: tf.Tensor) => model.latentField.apply(z);
    const viaLib = tf.transpose(odeint(field, z0, times, { method: "rk4", stepSize: 0.25 }), [
      1,
      0,
      2,
    ]);
    // Same grid spacing (5 / 20 = 0.25), same Hermite formula: equal up to rounding.
    assert.ok(maxAbsDiff(ours.dataSync(), viaLib.dataSync()) < 1e-5);
    // Per-series times: row b read at its own times.
    const rows = [[0.2, 1, 4], [0.5, 2.5, 4.5], [0, 3, 5]];
    const perRow = model.latentTrajectory(z0, rows).arraySync();
    rows.forEach((row, b) => {
      const own = model.latentTrajectory(tf.slice(z0, [b, 0], [1, 4]), row).arraySync()[0];
      assert.ok(maxAbsDiff(perRow[b].flat(), own.flat()) < 1e-5);
    });
  });
  const { a } = hermiteMatrices([0, 1, 2], [[0, 1, 1.5, 2]]);
  assert.deepEqual(Array.from(a.dataSync()), [1, 0, 0, 0, 1, 0, 0, 0.5, 0.5, 0, 0, 1]);
  a.dispose();
  model.dispose();
});

Deno.test("LatentODE: one Adam step lowers the loss on a fixed batch (fixed noise seed)", () => {
  const model = new LatentODE({ seed: 6, latentStep: 0.5 });
  const batch = spiralBatch(small.train.slice(0, 8));
  assertOneStepLowersLoss(model, () => model.loss(batch, { seed: 11 }), 1e-2);
  disposeSpiralBatch(batch);
  model.dispose();
});

Deno.test("LatentODE: gradients match central finite differences on a tiny instance", () => {
  const tiny = generateSpirals({ count: 2, train: 2, denseSize: 8, observations: 5, seed: 2 });
  const model = new LatentODE({ latentDim: 2, hiddenDim: 4, width: 5, seed: 7 });
  const batch = spiralBatch(tiny.train);
  assertGradientsMatchFiniteDifferences(model, () => model.loss(batch, { seed: 3 }), {
    samples: 1,
  });
  disposeSpiralBatch(batch);
  model.dispose();
});

Deno.test("LatentODE: 20 training steps leak no tensors", () => {
  const model = new LatentODE({ seed: 8, latentStep: 0.5 });
  const batch = spiralBatch(small.train.slice(0, 4));
  let seed = 0;
  assertTrainingLeaksNothing(model, () => model.loss(batch, { seed: seed++ }));
  disposeSpiralBatch(batch);
  model.dispose();
});

Deno.test("LatentODE: a short training run on a few spirals lowers the −ELBO clearly", () => {
  const model = new LatentODE({ seed: 9, latentStep: 0.5 });
  const opt = tf.train.adam(2e-2);
  const batch = spiralBatch(small.train.slice(0, 4));
  const losses: number[] = [];
  for (let it = 0; it < 60; it++) {
    losses.push(optimizerStep(opt, model.parameters(), () => model.loss(batch, { seed: it })).loss);
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const first = mean(losses.slice(0, 5));
  const last = mean(losses.slice(-5));
  console.log(`  −ELBO per spiral: first 5 steps ${first.toFixed(1)}, last 5 ${last.toFixed(1)}`);
  assert.ok(last < 0.5 * first, `loss should fall clearly: ${first} → ${last}`);
  disposeSpiralBatch(batch);
  opt.dispose();
  model.dispose();
});

// The interpolated-observation encoder (option encoder: "interpolated", the source notebook's).

Deno.test("LatentODE interpolated encoder: parameters, shapes, and an unknown encoder refused", () => {
  const model = new LatentODE({ encoder: "interpolated", seed: 3 });
  const names = Object.keys(model.namedParameters());
  assert.ok(!names.some((n) => n.startsWith("gru/")), "no GRU in the interpolated encoder");
  assert.equal(model.gru, undefined);
  assert.deepEqual(model.namedParameters()["encoderField/W0"].shape, [25 + 2, 25]);
  const batch = spiralBatch(small.train.slice(0, 3));
  tf.tidy(() => {
    const { mean, logVar } = model.encode(batch.values, batch.times, batch.mask);
    assert.deepEqual(mean.shape, [3, 4]);
    assert.deepEqual(logVar.shape, [3, 4]);
    const { loss, terms } = model.loss(batch, { seed: 0 });
    const [l, nll, kl] = [loss, terms!.nll, terms!.kl].map((x) => x.dataSync()[0]);
    assert.ok(Math.abs(l - (nll + kl)) < 1e-3 * Math.abs(l), "loss = nll + kl");
  });
  disposeSpiralBatch(batch);
  model.dispose();
  assert.throws(
    // deno-lint-ignore no-explicit-any
    () => new LatentODE({ encoder: "cde" as any }),
    /encoder "cde" is unknown.*ode-rnn, interpolated/,
  );
});

Deno.test("linearInterpolationMatrix: held before the first observation, linear between, exact on them", () => {
  const times = [[0.5, 1, 3, 3]]; // the last entry is padding (real = 3)
  const at = [[0, 0.5, 0.75, 1, 2, 3, 4]];
  const w = linearInterpolationMatrix(times, [3], at);
  assert.deepEqual(w.shape, [1, 7, 4]);
  const rows = (w.arraySync() as number[][][])[0];
  assert.deepEqual(rows, [
    [1, 0, 0, 0],
    [1, 0, 0, 0],
    [0.5, 0.5, 0, 0],
    [0, 1, 0, 0],
    [0, 0.5, 0.5, 0],
    [0, 0, 1, 0],
    [0, 0, 1, 0],
  ]);
  const single = linearInterpolationMatrix([[2, 2]], [1], [[0, 1, 3]]);
  assert.deepEqual(single.arraySync(), [[[1, 0], [1, 0], [1, 0]]]);
  tf.dispose([w, single]);
});

/** x̂(t) of one series by plain arithmetic: held before the first point, linear after. */
function interpolateByHand(times: number[], values: number[][], t: number): number[] {
  if (t <= times[0]) return values[0];
  let k = 0;
  while (k < times.length - 2 && t > times[k + 1]) k++;
  const x = (t - times[k]) / (times[k + 1] - times[k]);
  return values[k].map((v, d) => (1 - x) * v + x * values[k + 1][d]);
}

Deno.test("LatentODE interpolated encoder: equals Euler on dh/dt = f([h, x̂(t)]) written out by hand", () => {
  const model = new LatentODE({
    encoder: "interpolated",
    encoderSteps: 7,
    hiddenDim: 5,
    width: 6,
    latentDim: 3,
    seed: 12,
  });
  const times = [[0.3, 0.8, 1.9, 2.2], [0, 0.4, 0.5, 3.1]];
  const values = [
    [[0.1, -0.2], [0.4, 0.3], [-0.5, 0.9], [0.2, 0.2]],
    [[1, 0], [0.5, -0.5], [0, -1], [-0.7, 0.1]],
  ];
  tf.tidy(() => {
    const { mean } = model.encode(tf.tensor3d(values), times);
    const got = mean.arraySync();
    times.forEach((row, b) => {
      const end = row[row.length - 1];
      const dt = end / 7;
      let h = tf.zeros([1, 5]);
      for (let s = 0; s < 7; s++) {
        const x = interpolateByHand(row, values[b], s * dt);
        h = tf.add(h, tf.mul(model.encoderField.apply(tf.concat([h, tf.tensor2d([x])], -1)), dt));
      }
      const want = tf.split(model.encoderOut.apply(h), 2, -1)[0].arraySync() as number[][];
      assert.ok(maxAbsDiff(got[b], want[0]) < 1e-5, `series ${b}: ${got[b]} vs ${want[0]}`);
    });
  });
  model.dispose();
});

Deno.test("LatentODE interpolated encoder: a spiral encodes the same alone, in a batch, and padded", () => {
  const model = new LatentODE({ encoder: "interpolated", seed: 4 });
  const spirals = small.train.slice(0, 4);
  const batch = spiralBatch(spirals);
  const alone = spiralBatch(spirals.slice(2, 3));
  const early = spiralBatch(spirals, { until: 2.5 });
  const earlyAlone = spiralBatch(spirals.slice(2, 3), { until: 2.5 });
  tf.tidy(() => {
    const inBatch = model.encode(batch.values, batch.times, batch.mask).mean.arraySync()[2];
    const single = model.encode(alone.values, alone.times, alone.mask).mean.arraySync()[0];
    assert.ok(maxAbsDiff(inBatch, single) < 1e-5, "batch independence");
    const padded = model.encode(early.values, early.times, early.mask).mean.arraySync()[2];
    const unpadded = model.encode(earlyAlone.values, earlyAlone.times, earlyAlone.mask).mean
      .arraySync()[0];
    assert.ok(maxAbsDiff(padded, unpadded) < 1e-5, "padding does not change the encoding");
    // Later observations change nothing when masked out: the encoder stops at the last real one.
    assert.ok(maxAbsDiff(padded, inBatch) > 1e-4, "the full series encodes differently");
  });
  [batch, alone, early, earlyAlone].forEach(disposeSpiralBatch);
  model.dispose();
});

Deno.test("LatentODE interpolated encoder: one step lowers the loss, gradients match, no leaks", () => {
  const model = new LatentODE({ encoder: "interpolated", seed: 6, latentStep: 0.5 });
  const batch = spiralBatch(small.train.slice(0, 8));
  assertOneStepLowersLoss(model, () => model.loss(batch, { seed: 11 }), 1e-2);
  let seed = 0;
  assertTrainingLeaksNothing(model, () => model.loss(batch, { seed: seed++ }));
  disposeSpiralBatch(batch);
  model.dispose();
  const tiny = generateSpirals({ count: 2, train: 2, denseSize: 8, observations: 5, seed: 2 });
  const small2 = new LatentODE({
    encoder: "interpolated",
    encoderSteps: 4,
    latentDim: 2,
    hiddenDim: 4,
    width: 5,
    seed: 7,
  });
  const tinyBatch = spiralBatch(tiny.train);
  assertGradientsMatchFiniteDifferences(small2, () => small2.loss(tinyBatch, { seed: 3 }), {
    samples: 1,
  });
  disposeSpiralBatch(tinyBatch);
  small2.dispose();
});
