/**
 * The shipped ODE-VAE's field is Bayesian in fact, not only in name: q(w) moved away from its
 * initialisation (most weights' σ left ±10% of INIT_STD), and the predictive spread — samples
 * that each draw their own z0 and field — grows past the frames the encoder saw.
 */
import assert from "node:assert/strict";
import { loadModuleWeights } from "../../lib/io/weights.ts";
import { INIT_STD, posteriorStdStats } from "../../lib/zoo/odevae_rotmnist.ts";
import {
  odevaeRotmnist,
  predictiveSpread,
  rotatingMnist,
} from "../../scripts/recipes/odevae_rotmnist.ts";
import { modelDir, readManifest } from "../../scripts/weights_manifest.ts";
import { expectNoLeak } from "../_setup.ts";

const NAME = "odevae-rotmnist";
const entry = (await readManifest()).models[NAME];

async function shipped() {
  const model = odevaeRotmnist.build(entry.seed);
  await loadModuleWeights(model, modelDir(NAME).pathname, NAME, Deno.readFile);
  return model;
}

Deno.test("odevae posterior: an untrained field sits at its initial width (what the check catches)", () => {
  const model = odevaeRotmnist.build(0);
  const stats = posteriorStdStats(model);
  model.dispose();
  assert.equal(stats["σ_w moved share"], 0);
  assert.ok(Math.abs(stats["σ_w median"] / INIT_STD - 1) < 1e-5);
});

Deno.test("odevae posterior: most of the shipped field's σ_w left ±10% of their initial value", async () => {
  const model = await shipped();
  const stats = posteriorStdStats(model);
  model.dispose();
  assert.ok(
    stats["σ_w moved share"] > 0.5,
    `only ${(100 * stats["σ_w moved share"]).toFixed(1)}% of the field's widths moved ` +
      `(median σ_w ${stats["σ_w median"]}, initial ${INIT_STD}): q(w) did not learn`,
  );
  for (const key of Object.keys(stats)) {
    assert.ok(Math.abs(stats[key] - entry.metrics[key]) < 1e-6, `${key} vs the manifest`);
  }
});

Deno.test("odevae posterior: predictive spread grows beyond the observed frames", async () => {
  const model = await shipped();
  const spread = await expectNoLeak(() => predictiveSpread(model, rotatingMnist(), 8), "spread");
  model.dispose();
  assert.ok(
    spread["spread predicted / observed"] > 1,
    `predicted-frame spread is ${spread["spread predicted / observed"]}× the observed-frame spread`,
  );
  assert.ok(spread["spread last frame"] > spread["spread observed"]);
});
