/**
 * ANODE on the 1-D crossing toy (lecture section 8): the plain 1-D NODE cannot map −1 ↦ +1 and
 * +1 ↦ −1 (its flow preserves order: the best it can do is MSE 1, both points to 0), the
 * augmented one learns it.
 */
import assert from "node:assert/strict";
import { disposeCrossingData, makeCrossingData } from "../../lib/data/crossing.ts";
import { AugmentedNODE } from "../../lib/models/anode.ts";
import { optimizerStep } from "../../lib/train/step.ts";
import {
  assertGradientsMatchFiniteDifferences,
  assertOneStepLowersLoss,
  assertTrainingLeaksNothing,
} from "../_model_checks.ts";
import { tf } from "../_setup.ts";

const mse = (model: AugmentedNODE, data: { x: tf.Tensor; y: tf.Tensor }) =>
  tf.tidy(() => model.loss(data).loss.dataSync()[0]);

function train(model: AugmentedNODE, data: { x: tf.Tensor; y: tf.Tensor }, steps: number) {
  const opt = tf.train.adam(2e-2);
  for (let i = 0; i < steps; i++) optimizerStep(opt, model.parameters(), () => model.loss(data));
  opt.dispose();
}

Deno.test("crossing data: inputs ±1 (with optional jitter), targets −sign(x)", () => {
  const plain = makeCrossingData();
  assert.deepEqual(plain.x.arraySync(), [[-1], [1]]);
  assert.deepEqual(plain.y.arraySync(), [[1], [-1]]);
  const jittered = makeCrossingData({ perSide: 4, jitter: 0.1, seed: 2 });
  const x = jittered.x.dataSync();
  const y = jittered.y.dataSync();
  assert.equal(x.length, 8);
  x.forEach((v, i) => {
    assert.ok(Math.abs(Math.abs(v) - 1) <= 0.1);
    assert.equal(y[i], -Math.sign(v));
  });
  disposeCrossingData(plain);
  disposeCrossingData(jittered);
});

Deno.test("ANODE: shapes; augmented dimensions start at zero", () => {
  const data = makeCrossingData();
  const model = new AugmentedNODE({ augmentDims: 2, hidden: [8] });
  const out = model.forward(data.x);
  assert.deepEqual(out.shape, [2, 1]);
  const traj = model.trajectories(data.x, [0, 0.5, 1]);
  assert.deepEqual(traj.shape, [3, 2, 3]);
  assert.deepEqual(traj.slice([0, 0, 0], [1, 2, 3]).arraySync(), [[[-1, 0, 0], [1, 0, 0]]]);
  const plain = new AugmentedNODE({ augmentDims: 0, hidden: [8] });
  assert.deepEqual(plain.trajectories(data.x).shape, [21, 2, 1]);
  tf.dispose([out, traj]);
  [model, plain].forEach((m) => m.dispose());
  disposeCrossingData(data);
});

Deno.test("ANODE: one step lowers the loss, gradients match finite differences, no leaks", () => {
  const data = makeCrossingData({ perSide: 2, jitter: 0.05 });
  for (const augmentDims of [0, 2]) {
    const model = new AugmentedNODE({ augmentDims, hidden: [6], seed: 1 });
    assertOneStepLowersLoss(model, () => model.loss(data));
    assertGradientsMatchFiniteDifferences(model, () => model.loss(data), { samples: 2 });
    assertTrainingLeaksNothing(model, () => model.loss(data));
    model.dispose();
  }
  const adjoint = new AugmentedNODE({ augmentDims: 1, hidden: [6], gradient: "adjoint" });
  assertTrainingLeaksNothing(adjoint, () => adjoint.loss(data));
  adjoint.dispose();
  disposeCrossingData(data);
});

Deno.test("ANODE: the augmented model learns the crossing map, the plain 1-D NODE cannot", () => {
  const data = makeCrossingData();
  const anode = new AugmentedNODE({ augmentDims: 2, hidden: [16, 16], seed: 0 });
  const node = new AugmentedNODE({ augmentDims: 0, hidden: [16, 16], seed: 0 });
  const before = [mse(anode, data), mse(node, data)];
  const start = performance.now();
  train(anode, data, 80);
  train(node, data, 80);
  const ms = performance.now() - start;
  const [a, n] = [mse(anode, data), mse(node, data)];
  console.log(
    `crossing toy, 80 steps each: ANODE MSE ${before[0].toFixed(3)} → ${a.toFixed(4)}, ` +
      `plain NODE ${before[1].toFixed(3)} → ${n.toFixed(4)} (${ms.toFixed(0)} ms)`,
  );
  assert.ok(a < 0.05, `ANODE MSE ${a}`);
  assert.ok(n > 0.5, `plain NODE MSE ${n} (order preservation bounds it by 1)`);
  // The plain flow keeps the order of the two points.
  const out = node.forward(data.x).dataSync();
  assert.ok(out[0] <= out[1], `plain NODE kept order: ${out[0]} ≤ ${out[1]}`);
  [anode, node].forEach((m) => m.dispose());
  disposeCrossingData(data);
});
