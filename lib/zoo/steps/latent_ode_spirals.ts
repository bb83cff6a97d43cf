/**
 * Lecture 5's live training step (site: latent_ode.runtime.ts): the shipped LatentODE on a batch
 * of the course's training spirals (seed 0), −ELBO with the KL weight warmed up over KL_WARMUP
 * steps, one Adam step.
 */
import * as tf from "@tensorflow/tfjs";
import {
  disposeSpiralBatch,
  generateSpirals,
  type Spiral,
  spiralBatch,
  spiralBatches,
} from "../../data/spirals.ts";
import { LatentODE } from "../../models/latent_ode.ts";
import { gaussianLogLikelihood, klStandardNormal, reparameterize } from "../../prob/likelihoods.ts";
import type { DemoStep } from "../../train/demo_step.ts";
import { adam } from "../../train/fused_adam.ts";

export const LATENT_ODE_BATCH = 25;
/** Steps over which the KL weight grows from 0 to 1 (as the recipe: a tenth of its run). */
export const KL_WARMUP = 100;

/** Step number `step` (0-based) on `chosen`: the −ELBO and its KL term, read asynchronously. */
export async function latentOdeStep(
  model: LatentODE,
  optimizer: tf.Optimizer,
  chosen: Spiral[],
  step: number,
): Promise<{ negElbo: number; kl: number }> {
  const batch = spiralBatch(chosen);
  const klWeight = Math.min(1, (step + 1) / KL_WARMUP);
  const noiseSeed = step + 1; // ≥ 1: every backend draws the same ε
  let negElbo: tf.Tensor | undefined;
  let kl: tf.Tensor | undefined;
  try {
    const loss = optimizer.minimize(
      () => {
        const { mean, logVar } = model.encode(batch.values, batch.times);
        const z0 = reparameterize(mean, logVar, noiseSeed);
        const pred = model.decodeFrom(z0, batch.times);
        const nll = tf.neg(
          tf.mean(gaussianLogLikelihood(batch.values, pred, model.options.obsStd)),
        );
        const klTerm = tf.mean(klStandardNormal(mean, logVar));
        negElbo = tf.keep(tf.add(nll, klTerm));
        kl = tf.keep(klTerm);
        return tf.add(nll, tf.mul(klTerm, klWeight)) as tf.Scalar;
      },
      true,
      model.parameters(),
    )!;
    const [value, klValue] = await Promise.all([negElbo!.data(), kl!.data()]);
    loss.dispose();
    return { negElbo: value[0], kl: klValue[0] };
  } finally {
    tf.dispose([negElbo, kl].filter((t): t is tf.Tensor => t !== undefined));
    disposeSpiralBatch(batch);
  }
}

/** The demo's step from its seeds: LatentODE seed 0, spirals seed 0, batches seeded 1. */
export function latentOdeDemoStep(options: { lr?: number } = {}): DemoStep {
  const model = new LatentODE({ seed: 0 });
  const optimizer = adam(options.lr ?? 0.01);
  const batches = spiralBatches(generateSpirals({ seed: 0 }).train, LATENT_ODE_BATCH, 1);
  let step = 0;
  return {
    step: async () =>
      (await latentOdeStep(model, optimizer, batches.next().value as Spiral[], step++)).negElbo,
    dispose() {
      model.dispose();
      optimizer.dispose();
    },
  };
}
