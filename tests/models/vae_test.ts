/** The MLP VAE of the primer: shapes, ELBO terms, one step, gradients, no leaks, learning. */
import assert from "node:assert/strict";
import { mnistTensors, splitMnist } from "../../lib/data/mnist.ts";
import { loadMnist } from "../../lib/data/mnist_source.ts";
import { VAE } from "../../lib/models/vae.ts";
import { optimizerStep } from "../../lib/train/step.ts";
import {
  assertGradientsMatchFiniteDifferences,
  assertOneStepLowersLoss,
  assertTrainingLeaksNothing,
} from "../_model_checks.ts";
import { expectNoLeak, tf } from "../_setup.ts";

const data = loadMnist();
const split = splitMnist(data, { seed: 0 });
const batch = mnistTensors(data, split.train.slice(0, 32)).images;

Deno.test("VAE: shapes of encode, decode, reconstruct, sample, grid and interpolation", async () => {
  await expectNoLeak(() => {
    const vae = new VAE({ seed: 1 });
    assert.equal(vae.latentSize, 2);
    const x = batch.slice([0, 0], [4, 784]);
    const { mean, logVar } = vae.encode(x);
    assert.deepEqual(mean.shape, [4, 2]);
    assert.deepEqual(logVar.shape, [4, 2]);
    const rec = vae.reconstruct(x);
    const recSample = vae.reconstruct(x, { sample: true, seed: 3 });
    const samples = vae.sample(5, 1);
    const grid = vae.decodeGrid(7);
    const line = tf.tidy(() =>
      vae.interpolate(mean.slice([0, 0], [1, 2]), mean.slice([1, 0], [1, 2]), 6)
    );
    assert.deepEqual(rec.shape, [4, 784]);
    assert.deepEqual(recSample.shape, [4, 784]);
    assert.deepEqual(samples.shape, [5, 784]);
    assert.deepEqual(grid.shape, [49, 784]);
    assert.deepEqual(line.shape, [6, 784]);
    const probs = grid.dataSync();
    assert.ok(probs.every((p) => p >= 0 && p <= 1));
    // The interpolation's ends decode the two means.
    const ends = tf.tidy(() => vae.decode(mean.slice([0, 0], [2, 2])).dataSync());
    const lineData = line.dataSync();
    for (let i = 0; i < 784; i++) {
      assert.ok(Math.abs(lineData[i] - ends[i]) < 1e-5);
      assert.ok(Math.abs(lineData[5 * 784 + i] - ends[784 + i]) < 1e-5);
    }
    tf.dispose([x, mean, logVar, rec, recSample, samples, grid, line]);
    vae.dispose();
  });
});

Deno.test("VAE: loss = BCE + KL per image, deterministic for a fixed noise seed", () => {
  const vae = new VAE({ seed: 2, hidden: [64] });
  const parts = vae.loss(batch, { seed: 5 });
  const [loss, rec, kl] = [parts.loss, parts.terms!.reconstruction, parts.terms!.kl].map((t) =>
    t.dataSync()[0]
  );
  tf.dispose([parts.loss, ...Object.values(parts.terms!)]);
  assert.ok(Math.abs(loss - (rec + kl)) < 1e-3 * loss);
  assert.ok(kl >= 0);
  // Untrained: reconstruction ≈ 784·(BCE of logits ≈ 0) ≈ 784·ln 2 minus what the ink allows.
  assert.ok(rec > 300 && rec < 700, `initial reconstruction ${rec}`);
  const again = tf.tidy(() => vae.loss(batch, { seed: 5 }).loss.dataSync()[0]);
  assert.equal(again, loss);
  const other = tf.tidy(() => vae.loss(batch, { seed: 6 }).loss.dataSync()[0]);
  assert.notEqual(other, loss);
  vae.dispose();
});

Deno.test("VAE: one Adam step lowers the loss on a fixed batch", () => {
  const vae = new VAE({ seed: 3 });
  assertOneStepLowersLoss(vae, () => vae.loss(batch, { seed: 1 }), 1e-3);
  vae.dispose();
});

Deno.test("VAE: gradients match finite differences (tiny instance, fixed noise)", () => {
  const vae = new VAE({ inputSize: 12, latentSize: 2, hidden: [5], activation: "elu", seed: 4 });
  const x = tf.randomUniform([3, 12], 0, 1, "float32", 9);
  assertGradientsMatchFiniteDifferences(vae, () => vae.loss(x, { seed: 7 }), { samples: 3 });
  x.dispose();
  vae.dispose();
});

Deno.test("VAE: 20 training steps leak no tensors", () => {
  const vae = new VAE({ seed: 5, hidden: [64] });
  assertTrainingLeaksNothing(vae, () => vae.loss(batch));
  vae.dispose();
});

Deno.test("VAE: a short training run lowers −ELBO", () => {
  const vae = new VAE({ seed: 6, hidden: [64] });
  const x = mnistTensors(data, split.train.slice(0, 256)).images;
  const opt = tf.train.adam(3e-3);
  const losses: number[] = [];
  for (let it = 0; it < 40; it++) {
    const rows = tf.tidy(() => x.slice([(it % 4) * 64, 0], [64, 784]));
    losses.push(optimizerStep(opt, vae.parameters(), () => vae.loss(rows)).loss);
    rows.dispose();
  }
  const first = losses.slice(0, 5).reduce((a, b) => a + b) / 5;
  const last = losses.slice(-5).reduce((a, b) => a + b) / 5;
  assert.ok(last < 0.6 * first, `−ELBO ${first.toFixed(1)} → ${last.toFixed(1)}`);
  opt.dispose();
  x.dispose();
  vae.dispose();
});
