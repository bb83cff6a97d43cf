/**
 * The node-vdp recipe: its curriculum ramps the window from 10 observations to whole trajectories,
 * a short run lowers the loss and leaks no tensor (the learned initial states included), and its
 * model is built with the preset's solver.
 */
import assert from "node:assert/strict";
import { tf } from "../_setup.ts";
import { NODE_VDP_CONFIG, nodeVdpSolver } from "../../lib/zoo/node_vdp.ts";
import { nodeVdpRecipe, windowLength } from "../../scripts/recipes/node_vdp.ts";

Deno.test("node-vdp: the window grows from 10 points to whole trajectories, never shrinking", () => {
  const steps = NODE_VDP_CONFIG.steps;
  assert.equal(windowLength(NODE_VDP_CONFIG, 0, steps), 10);
  assert.equal(windowLength(NODE_VDP_CONFIG, steps - 1, steps), 50);
  for (let i = 1; i < steps; i++) {
    const [a, b] = [
      windowLength(NODE_VDP_CONFIG, i - 1, steps),
      windowLength(NODE_VDP_CONFIG, i, steps),
    ];
    assert.ok(b >= a, `shrinks at step ${i}: ${a} → ${b}`);
  }
});

Deno.test("node-vdp: a short run lowers the loss and leaves no tensor behind", async () => {
  // A fixed window, so that the losses of the first and last steps are comparable.
  const recipe = nodeVdpRecipe({
    ...NODE_VDP_CONFIG,
    trajectories: 6,
    steps: 30,
    pointsPerStep: 500,
    curriculum: [[0, 10]],
  });
  const model = recipe.build(3);
  assert.deepEqual(
    { method: model.solver.method, stepSize: model.solver.stepSize },
    nodeVdpSolver(recipe.config),
  );
  const losses: number[] = [];
  const before = tf.memory().numTensors;
  await recipe.train(model, { steps: 30, seed: 3, onProgress: (p) => void losses.push(p.loss) });
  assert.equal(tf.memory().numTensors, before, "training leaked tensors");
  const metrics = recipe.evaluate(model, { fast: true }) as Record<string, number>;
  assert.equal(tf.memory().numTensors, before, "evaluation leaked tensors");
  assert.ok(Number.isFinite(metrics["held-out RMSE"]));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  assert.ok(
    mean(losses.slice(-5)) < mean(losses.slice(0, 5)),
    `loss ${losses.slice(0, 5)} → ${losses.slice(-5)}`,
  );
  model.dispose();
});
