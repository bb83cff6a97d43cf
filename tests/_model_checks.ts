/**
 * Checks every model must pass (issue: models): one optimiser step lowers the loss on a fixed
 * batch, gradients match central finite differences, and training leaks no tensors.
 */
import assert from "node:assert/strict";
import { type LossParts, type Module, optimizerStep, Rng } from "../lib/mod.ts";
import { tf } from "./_setup.ts";

/** The loss must be deterministic between calls (fix any noise seed inside lossFn). */
export type DeterministicLoss = () => LossParts;

export function assertOneStepLowersLoss(model: Module, lossFn: DeterministicLoss, lr = 1e-2): void {
  const value = () => tf.tidy(() => lossFn().loss.dataSync()[0]);
  const before = value();
  const opt = tf.train.adam(lr);
  optimizerStep(opt, model.parameters(), lossFn);
  opt.dispose();
  const after = value();
  assert.ok(after < before, `one Adam step should lower the loss: ${before} → ${after}`);
}

/**
 * Compares dL/dθ with central differences on `samples` seeded coordinates of each parameter.
 * float32 needs h ≈ 1e-2 and a relative tolerance of a few percent, with an absolute floor.
 */
export function assertGradientsMatchFiniteDifferences(
  model: Module,
  lossFn: DeterministicLoss,
  { samples = 2, h = 1e-2, rtol = 3e-2, atol = 2e-3, seed = 1 } = {},
): void {
  const rng = new Rng(seed);
  const named = model.namedParameters();
  const { grads } = tf.tidy(() => {
    const r = tf.variableGrads(() => lossFn().loss, Object.values(named));
    r.value.dispose();
    return { grads: r.grads };
  });
  const value = () => tf.tidy(() => lossFn().loss.dataSync()[0]);
  try {
    for (const [name, p] of Object.entries(named)) {
      const g = grads[p.name].dataSync();
      const original = p.dataSync().slice();
      for (let s = 0; s < samples; s++) {
        const i = rng.int(p.size);
        const at = (delta: number) => {
          const v = original.slice();
          v[i] += delta;
          tf.tidy(() => p.assign(tf.tensor(v, p.shape)));
          return value();
        };
        const fd = (at(h) - at(-h)) / (2 * h);
        tf.tidy(() => p.assign(tf.tensor(original, p.shape)));
        assert.ok(
          Math.abs(fd - g[i]) <= atol + rtol * Math.max(Math.abs(fd), Math.abs(g[i])),
          `${name}[${i}]: gradient ${g[i]} vs finite difference ${fd}`,
        );
      }
    }
  } finally {
    tf.dispose(Object.values(grads));
  }
}

/** 20 optimiser steps (after one warm-up that creates Adam's slots) leave numTensors unchanged. */
export function assertTrainingLeaksNothing(
  model: Module,
  lossFn: () => LossParts,
  steps = 20,
): void {
  const opt = tf.train.adam(1e-3);
  optimizerStep(opt, model.parameters(), lossFn);
  const before = tf.memory().numTensors;
  for (let i = 0; i < steps; i++) optimizerStep(opt, model.parameters(), lossFn);
  const after = tf.memory().numTensors;
  opt.dispose();
  assert.equal(after, before, `${steps} training steps leaked ${after - before} tensors`);
}
