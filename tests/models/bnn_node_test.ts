/**
 * BNN-NODE: one function sample per step, Gaussian likelihood with fixed noise + KL / dataSize;
 * deterministic under a fixed sample seed, gradients (direct, adjoint, finite differences),
 * no leaks, uncertainty samples, and a short training run.
 */
import assert from "node:assert/strict";
import {
  disposeBatch,
  disposeVdpData,
  makeVdpData,
  subsequenceBatch,
  SubsequenceSampler,
} from "../../lib/data/vdp.ts";
import { BayesianNODE } from "../../lib/models/bnn_node.ts";
import { optimizerStep } from "../../lib/train/step.ts";
import {
  assertGradientsMatchFiniteDifferences,
  assertOneStepLowersLoss,
  assertTrainingLeaksNothing,
} from "../_model_checks.ts";
import { expectNoLeak, tf } from "../_setup.ts";

const DATA = makeVdpData({ seed: 0 });
const terms = (model: BayesianNODE, batch: Parameters<BayesianNODE["loss"]>[0], seed: number) =>
  tf.tidy(() => {
    const parts = model.loss(batch, { seed });
    return {
      loss: parts.loss.dataSync()[0],
      ...Object.fromEntries(Object.entries(parts.terms!).map(([k, v]) => [k, v.dataSync()[0]])),
    } as Record<string, number>;
  });

Deno.test("BNN-NODE: loss parts, determinism under a seed, the KL scaling", () => {
  const model = new BayesianNODE({ hidden: [16], dataSize: 400, initStd: 0.05 });
  const batch = subsequenceBatch(DATA.observed, DATA.t, [2], 6);
  const a = terms(model, batch, 5);
  const b = terms(model, batch, 5);
  const c = terms(model, batch, 6);
  assert.deepEqual(a, b, "same sample seed, same loss");
  assert.notEqual(a.nll, c.nll, "another sample, another data term");
  assert.ok(Math.abs(a.loss - (a.nll + a.kl)) < 1e-3 * Math.abs(a.loss));
  const kl = tf.tidy(() => model.bnn.kl().dataSync()[0]);
  assert.ok(Math.abs(a.kl - kl / 400) < 1e-6 * kl);
  // nll = −mean over sequences of Σ log N(y | x, 0.1²) = Σ/B [½((y−x)/σ)² + log σ + ½ log 2π].
  const perSeq = 6 * 2 * (Math.log(0.1) + 0.5 * Math.log(2 * Math.PI));
  assert.ok(Math.abs(a.nll - (0.5 * a.mse * 12 / 0.01 + perSeq)) < 1e-3 * Math.abs(a.nll));
  disposeBatch(batch);
  model.dispose();
});

Deno.test("BNN-NODE: sampled trajectories and fields for uncertainty plots", async () => {
  const model = new BayesianNODE({ hidden: [16], initStd: 0.1, seed: 3 });
  const y0 = tf.tensor2d([[1, 0], [-2, 1]]);
  await expectNoLeak(() => {
    tf.dispose(model.sampleTrajectories(y0, [0, 0.5, 1, 1.5], { samples: 2 }));
    model.sampleFieldGrids({ n: 3 }, { samples: 2 });
  }, "sampling trajectories and fields");
  const ys = model.sampleTrajectories(y0, [0, 0.5, 1, 1.5], { samples: 5, seed: 1 });
  assert.deepEqual(ys.shape, [5, 4, 2, 2]);
  const spread = tf.tidy(() => tf.max(tf.moments(ys, 0).variance).dataSync()[0]);
  assert.ok(spread > 1e-6, "samples differ");
  const again = model.sampleTrajectories(y0, [0, 0.5, 1, 1.5], { samples: 5, seed: 1 });
  assert.equal(tf.tidy(() => tf.max(tf.abs(tf.sub(ys, again))).dataSync()[0]), 0, "seeded");
  const mean = model.predictMean(y0, [0, 1]);
  assert.deepEqual(mean.shape, [2, 2, 2]);
  const grids = model.sampleFieldGrids({ n: 5 }, { samples: 3, seed: 2 });
  assert.equal(grids.length, 3);
  assert.equal(grids[0].u.length, 25);
  assert.notDeepEqual(grids[0].u, grids[1].u);
  tf.dispose([y0, ys, again, mean]);
  model.dispose();
});

Deno.test("BNN-NODE: one Adam step lowers the loss (fixed function sample)", () => {
  const model = new BayesianNODE({ hidden: [16, 16], seed: 1 });
  const batch = subsequenceBatch(DATA.observed, DATA.t, [3], 10);
  assertOneStepLowersLoss(model, () => model.loss(batch, { seed: 9 }));
  disposeBatch(batch);
  model.dispose();
});

Deno.test("BNN-NODE: gradients match finite differences; adjoint and direct agree", () => {
  const batch = subsequenceBatch(DATA.observed, DATA.t, [7], 4);
  const options = { hidden: [5], seed: 2, initStd: 0.1, noiseStd: 0.5, dataSize: 50 };
  const model = new BayesianNODE(options);
  assertGradientsMatchFiniteDifferences(model, () => model.loss(batch, { seed: 4 }), {
    samples: 2,
  });
  const solver = { method: "dopri5" as const, rtol: 1e-6, atol: 1e-8 };
  const direct = new BayesianNODE({ ...options, solver });
  const adjoint = new BayesianNODE({ ...options, solver, gradient: "adjoint" });
  const grads = (m: BayesianNODE) =>
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(
        () => m.loss(batch, { seed: 4 }).loss,
        m.parameters(),
      );
      value.dispose();
      return m.parameters().map((p) => Array.from(grads[p.name].dataSync()));
    });
  const gd = grads(direct).flat();
  const ga = grads(adjoint).flat();
  const scale = Math.max(...gd.map(Math.abs));
  const diff = Math.max(...gd.map((g, i) => Math.abs(g - ga[i])));
  assert.ok(diff < 1e-3 * scale, `adjoint vs direct: max diff ${diff} (scale ${scale})`);
  [model, direct, adjoint].forEach((m) => m.dispose());
  disposeBatch(batch);
});

Deno.test("BNN-NODE: 20 training steps leak no tensors (direct and adjoint)", () => {
  const batch = subsequenceBatch(DATA.observed, DATA.t, [11], 5);
  for (const gradient of ["backprop", "adjoint"] as const) {
    const model = new BayesianNODE({ hidden: [8], gradient });
    assertTrainingLeaksNothing(model, () => model.loss(batch));
    model.dispose();
  }
  disposeBatch(batch);
});

Deno.test("BNN-NODE: a short training run lowers the negative ELBO and the fit error", () => {
  const model = new BayesianNODE({ hidden: [16, 16], seed: 0 });
  const sampler = new SubsequenceSampler(DATA, { length: 10, starts: 1, seed: 0 });
  const evalBatch = subsequenceBatch(DATA.observed, DATA.t, [0, 10, 20, 30], 10);
  const opt = tf.train.adam(1e-2);
  const before = terms(model, evalBatch, 1);
  const start = performance.now();
  for (let it = 0; it < 150; it++) {
    const batch = sampler.next();
    optimizerStep(opt, model.parameters(), () => model.loss(batch));
    disposeBatch(batch);
  }
  const ms = performance.now() - start;
  const after = terms(model, evalBatch, 1);
  console.log(
    `BNN-NODE 150 steps: loss ${before.loss.toFixed(1)} → ${after.loss.toFixed(1)}, ` +
      `mse ${before.mse.toFixed(4)} → ${after.mse.toFixed(4)}, kl/N ${before.kl.toFixed(2)} → ` +
      `${after.kl.toFixed(2)} in ${ms.toFixed(0)} ms`,
  );
  assert.ok(after.loss < 0.3 * before.loss, `loss ${before.loss} → ${after.loss}`);
  assert.ok(after.mse < 0.3 * before.mse, `mse ${before.mse} → ${after.mse}`);
  opt.dispose();
  disposeBatch(evalBatch);
  model.dispose();
});

Deno.test("BNN-NODE: cleanup", () => disposeVdpData(DATA));
