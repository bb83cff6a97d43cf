/**
 * The latent-ode-spirals recipe: a short run records a training history (the −ELBO on the
 * training spirals with its two terms, at step 0, every LOG_EVERY steps and at the last step)
 * whose last row is the recipe's own "train −ELBO/trajectory"; both encoders train through the
 * recipe; nothing leaks. Minibatches of 10 keep it quick on the cpu backend.
 */
import assert from "node:assert/strict";
import { tf } from "../_setup.ts";
import { LATENT_ODE_SPIRALS_CONFIG, LOG_EVERY } from "../../lib/zoo/latent_ode_spirals.ts";
import { latentOdeSpiralsRecipe } from "../../scripts/recipes/latent_ode_spirals.ts";
import type { TrainingHistory } from "../../lib/io/manifest.ts";

const STEPS = LOG_EVERY + 5;

for (const encoder of ["ode-rnn", "interpolated"] as const) {
  Deno.test(`latent-ode-spirals (${encoder}): a short run records its history and leaks nothing`, async () => {
    const recipe = latentOdeSpiralsRecipe({
      ...LATENT_ODE_SPIRALS_CONFIG,
      encoder,
      steps: STEPS,
      batch: 10,
    });
    const model = recipe.build(1);
    assert.equal(model.options.encoder, encoder);
    const before = tf.memory().numTensors;
    const history = await recipe.train(model, { steps: STEPS, seed: 1, onProgress: () => {} });
    assert.equal(tf.memory().numTensors, before, "training leaked tensors");
    const { rows, columns, metric, every } = history as TrainingHistory;
    assert.equal(every, LOG_EVERY);
    assert.deepEqual(rows.map((r) => r.step), [0, LOG_EVERY, STEPS]);
    for (const row of rows) {
      assert.deepEqual(Object.keys(row).sort(), Object.keys(columns).sort());
      assert.ok(
        Math.abs(row.negElbo - (row.reconstruction + row.kl)) < 1e-3 * Math.abs(row.negElbo),
      );
      assert.ok(row.kl >= 0);
    }
    assert.ok(Number.isNaN(rows[0].objective), "no minibatch before the first step");
    assert.ok(
      rows[2].negElbo < rows[0].negElbo,
      `−ELBO should fall: ${rows[0].negElbo} → ${rows[2].negElbo}`,
    );
    const metrics = await recipe.evaluate(model, { fast: false });
    assert.equal(tf.memory().numTensors, before, "evaluation leaked tensors");
    assert.ok(
      Math.abs(metrics[metric] - rows[rows.length - 1].negElbo) < 1e-4 * Math.abs(metrics[metric]),
      `${metric} ${metrics[metric]} vs the history's last ${rows[rows.length - 1].negElbo}`,
    );
    model.dispose();
  });
}
