/**
 * Lecture 8's live training step (site: anode_worker.ts): a plain 1-D Neural ODE and an augmented
 * one learning x ↦ −sign(x), one full-batch Adam step each — the demo's step is both.
 */
import * as tf from "@tensorflow/tfjs";
import { type CrossingData, disposeCrossingData, makeCrossingData } from "../../data/crossing.ts";
import { AugmentedNODE } from "../../models/anode.ts";
import type { DemoStep } from "../../train/demo_step.ts";
import { adam } from "../../train/fused_adam.ts";

/** What the demo's page embeds about its models and training set. */
export interface AnodeDemoShape {
  hidden: number[];
  augmentDims: number;
  stepSize: number;
  train: { perSide: number; jitter: number; seed: number };
  anodeSeed: number;
  plainSeed: number;
}

/** A model of the demo: the shipped architecture, with or without the extra dimensions. */
export function demoAnode(shape: AnodeDemoShape, augmentDims: number, seed: number) {
  return new AugmentedNODE({
    augmentDims,
    hidden: shape.hidden,
    seed,
    // No finiteness check: its synchronous reads stall GPU backends (the loss is checked).
    solver: { method: "rk4", stepSize: shape.stepSize, checkFinite: false },
  });
}

/** One Adam step of a model on the whole training set; the loss before the step. */
export async function anodeFitStep(
  model: AugmentedNODE,
  optimizer: tf.Optimizer,
  batch: CrossingData,
): Promise<number> {
  const loss = optimizer.minimize(() => model.loss(batch).loss, true, model.parameters())!;
  const [value] = await loss.data();
  loss.dispose();
  return value;
}

/** Both models' step from their seeds; resolves with the augmented model's loss. */
export function anodeDemoStep(shape: AnodeDemoShape, lr = 0.01): DemoStep {
  const data = makeCrossingData(shape.train);
  const plain = demoAnode(shape, 0, shape.plainSeed);
  const anode = demoAnode(shape, shape.augmentDims, shape.anodeSeed);
  const plainOpt = adam(lr);
  const anodeOpt = adam(lr);
  return {
    async step() {
      await anodeFitStep(plain, plainOpt, data);
      return await anodeFitStep(anode, anodeOpt, data);
    },
    dispose() {
      // The field's dispose also frees its cached transposed weights.
      plain.field.dispose();
      anode.field.dispose();
      plainOpt.dispose();
      anodeOpt.dispose();
      disposeCrossingData(data);
    },
  };
}
