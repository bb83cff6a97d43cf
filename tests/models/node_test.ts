/**
 * NODE on noisy Van der Pol (lecture section 2): shapes, one step lowers the loss, gradients
 * (direct, adjoint, finite differences), no leaks, and a short training run that clearly fits.
 */
import assert from "node:assert/strict";
import {
  disposeBatch,
  disposeVdpData,
  makeVdpData,
  subsequenceBatch,
  SubsequenceSampler,
} from "../../lib/data/vdp.ts";
import { NeuralODE } from "../../lib/models/node.ts";
import { optimizerStep } from "../../lib/train/step.ts";
import {
  assertGradientsMatchFiniteDifferences,
  assertOneStepLowersLoss,
  assertTrainingLeaksNothing,
} from "../_model_checks.ts";
import { tf } from "../_setup.ts";

const DATA = makeVdpData({ seed: 0 });
const lossValue = (model: NeuralODE, batch: Parameters<NeuralODE["loss"]>[0]) =>
  tf.tidy(() => model.loss(batch).loss.dataSync()[0]);

Deno.test("NODE: shapes of predictions, trajectories and the field grid", () => {
  const model = new NeuralODE({ hidden: [16, 16] });
  assert.equal(model.parameterCount(), 2 * 16 + 16 + 16 * 16 + 16 + 16 * 2 + 2);
  assert.deepEqual(Object.keys(model.namedParameters()).slice(0, 2), ["field/W0", "field/b0"]);
  const y0 = tf.tensor2d([[1, 0], [0, 2], [-1, -1]]);
  const ys = model.predict(y0, [0, 0.5, 1, 2]);
  assert.deepEqual(ys.shape, [4, 3, 2]);
  const traj = model.trajectories([[1, 0]], DATA.t, { method: "dopri5", rtol: 1e-5, atol: 1e-6 });
  assert.equal(traj.length, 50);
  assert.deepEqual(traj[0], [[1, 0]]);
  const grid = model.fieldGrid({ n: 7 });
  assert.equal(grid.x.length, 49);
  assert.equal(grid.u.length, 49);
  assert.deepEqual([grid.x[0], grid.y[0], grid.x[48], grid.y[48]], [-4, -4, 4, 4]);
  tf.dispose([y0, ys]);
  model.dispose();
});

Deno.test("NODE: one Adam step lowers the loss on a fixed batch", () => {
  const model = new NeuralODE({ hidden: [16, 16], seed: 1 });
  const batch = subsequenceBatch(DATA.observed, DATA.t, [3], 10);
  assertOneStepLowersLoss(model, () => model.loss(batch));
  disposeBatch(batch);
  model.dispose();
});

Deno.test("NODE: gradients match finite differences; adjoint and direct agree", () => {
  const batch = subsequenceBatch(DATA.observed, DATA.t, [7], 4);
  const model = new NeuralODE({ hidden: [6], seed: 2 });
  assertGradientsMatchFiniteDifferences(model, () => model.loss(batch), { samples: 2 });
  const solver = { method: "dopri5" as const, rtol: 1e-6, atol: 1e-8 };
  const direct = new NeuralODE({ hidden: [6], seed: 2, solver });
  const adjoint = new NeuralODE({ hidden: [6], seed: 2, solver, gradient: "adjoint" });
  const grads = (m: NeuralODE) =>
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => m.loss(batch).loss, m.parameters());
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

Deno.test("NODE: 20 training steps leak no tensors (direct and adjoint)", () => {
  const batch = subsequenceBatch(DATA.observed, DATA.t, [11], 5);
  for (const gradient of ["backprop", "adjoint"] as const) {
    const model = new NeuralODE({ hidden: [8], gradient });
    assertTrainingLeaksNothing(model, () => model.loss(batch));
    model.dispose();
  }
  disposeBatch(batch);
});

Deno.test("NODE: a short training run on random sub-sequences clearly lowers the loss", () => {
  const model = new NeuralODE({ hidden: [16, 16], seed: 0 });
  const sampler = new SubsequenceSampler(DATA, { length: 10, starts: 1, seed: 0 });
  const evalBatch = subsequenceBatch(DATA.observed, DATA.t, [0, 10, 20, 30], 10);
  const opt = tf.train.adam(1e-2);
  const before = lossValue(model, evalBatch);
  const start = performance.now();
  for (let it = 0; it < 150; it++) {
    const batch = sampler.next();
    optimizerStep(opt, model.parameters(), () => model.loss(batch));
    disposeBatch(batch);
  }
  const ms = performance.now() - start;
  const after = lossValue(model, evalBatch);
  console.log(
    `NODE 150 steps: eval MSE ${before.toFixed(4)} → ${after.toFixed(4)} in ${ms.toFixed(0)} ms`,
  );
  assert.ok(after < 0.3 * before, `eval MSE ${before} → ${after}`);
  opt.dispose();
  disposeBatch(evalBatch);
  model.dispose();
});

Deno.test("NODE: cleanup", () => disposeVdpData(DATA));
