/** ODE-VAE: shapes, the ELBO's terms, one step, gradients, leaks, and learning on a toy motion. */
import assert from "node:assert/strict";
import { ODEVAE } from "../../lib/models/odevae.ts";
import { rotateImage } from "../../lib/data/rotating_mnist.ts";
import { optimizerStep } from "../../lib/mod.ts";
import { tf } from "../_setup.ts";
import {
  assertGradientsMatchFiniteDifferences,
  assertOneStepLowersLoss,
  assertTrainingLeaksNothing,
} from "../_model_checks.ts";

const SIZE = 8;
const TIMES = [0, 0.1, 0.2, 0.3, 0.4];

/** A bar rotating by 22.5° per frame: a tiny rotating-MNIST stand-in. */
function rotatingBars(count: number): tf.Tensor {
  const frames: number[] = [];
  for (let s = 0; s < count; s++) {
    const bar = new Float32Array(SIZE * SIZE);
    for (let c = 1; c < SIZE - 1; c++) bar[(3 + (s % 2)) * SIZE + c] = 1;
    for (let k = 0; k < TIMES.length; k++) {
      frames.push(...rotateImage(bar, (k + s) * Math.PI / 8, SIZE));
    }
  }
  return tf.tensor(frames, [count, TIMES.length, SIZE, SIZE, 1]);
}

const tiny = (seed = 1) =>
  new ODEVAE({
    latentSize: 2,
    encoderFrames: 2,
    fieldHidden: [6],
    encoderChannels: [2],
    decoderChannels: [2],
    imageSize: SIZE,
    dataSize: 10,
    seed,
  });

Deno.test("ODEVAE: shapes of encoder, latent path, decoder and reconstruction", () => {
  const model = tiny();
  const frames = rotatingBars(3);
  const { mean, logVar } = model.encode(frames);
  assert.deepEqual(mean.shape, [3, 2]);
  assert.deepEqual(logVar.shape, [3, 2]);
  const z = model.latentMeans(frames, TIMES);
  assert.deepEqual(z.shape, [3, TIMES.length, 2]);
  const rec = model.reconstruct(frames, [...TIMES, 0.5, 0.6]);
  assert.deepEqual(rec.shape, [3, TIMES.length + 2, SIZE, SIZE, 1]);
  const [lo, hi] = [rec.min().dataSync()[0], rec.max().dataSync()[0]];
  assert.ok(lo >= 0 && hi <= 1, "pixel probabilities in [0, 1]");
  tf.dispose([frames, mean, logVar, z, rec]);
  model.dispose();
});

Deno.test("ODEVAE: the loss is −rec + KL(z0) + KL(w)/N, deterministic under a seed", () => {
  const model = tiny();
  const frames = rotatingBars(2);
  const a = model.loss(frames, TIMES, { seed: 4 });
  const b = model.loss(frames, TIMES, { seed: 4 });
  const t = Object.fromEntries(Object.entries(a.terms!).map(([k, v]) => [k, v.dataSync()[0]]));
  const loss = a.loss.dataSync()[0];
  assert.equal(loss, b.loss.dataSync()[0]);
  assert.ok(Math.abs(loss - (-t.reconstruction + t.klZ0 + t.klW)) < 1e-3 * Math.abs(loss));
  assert.ok(t.klZ0 >= 0 && t.klW >= 0);
  const klW = model.dynamics.kl();
  assert.ok(Math.abs(t.klW - klW.dataSync()[0] / 10) < 1e-4 * Math.max(1, t.klW));
  tf.dispose([frames, a.loss, b.loss, klW, ...Object.values(a.terms!), ...Object.values(b.terms!)]);
  model.dispose();
});

Deno.test("ODEVAE: one step lowers the loss; gradients match finite differences; no leaks", () => {
  const model = tiny(2);
  const frames = rotatingBars(2);
  const lossFn = () => model.loss(frames, TIMES, { seed: 9 });
  assertOneStepLowersLoss(model, lossFn);
  assertGradientsMatchFiniteDifferences(model, lossFn, { samples: 1, rtol: 5e-2, atol: 5e-2 });
  assertTrainingLeaksNothing(model, () => model.loss(frames, TIMES));
  frames.dispose();
  model.dispose();
});

Deno.test("ODEVAE: a short training run on rotating bars lowers the −ELBO clearly", () => {
  const model = tiny(3);
  const frames = rotatingBars(4);
  const opt = tf.train.adam(2e-2);
  const losses: number[] = [];
  for (let i = 0; i < 60; i++) {
    losses.push(optimizerStep(opt, model.parameters(), () => model.loss(frames, TIMES)).loss);
  }
  const first = losses.slice(0, 5).reduce((a, b) => a + b) / 5;
  const last = losses.slice(-5).reduce((a, b) => a + b) / 5;
  assert.ok(last < 0.8 * first, `−ELBO ${first.toFixed(1)} → ${last.toFixed(1)}`);
  opt.dispose();
  frames.dispose();
  model.dispose();
});
