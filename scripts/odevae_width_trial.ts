/**
 * Why odevae-rotmnist's posterior widths learn at WIDTH_LR_FACTOR × the learning rate: trains the
 * recipe's model twice for a short run (same seed, data and steps), once with the widths ρ at the
 * shared learning rate and once at the recipe's factor, and records what q(w) and the predictive
 * spread look like after each. Lecture 4 shows the result.
 *
 *   deno run --allow-read --allow-env --allow-write=sweeps scripts/odevae_width_trial.ts [--steps N]
 *
 * Writes sweeps/odevae-widths/results.json.
 */
import * as tf from "@tensorflow/tfjs";
import { parseArgs } from "node:util";
import { initBackend } from "../lib/backend.ts";
import { progressPrinter } from "./progress.ts";
import {
  odevaeRotmnist,
  posteriorStdStats,
  predictiveSpread,
  rotatingMnist,
  trainOdevae,
  WIDTH_LR_FACTOR,
} from "./recipes/odevae_rotmnist.ts";
import { describeHardware } from "./weights_manifest.ts";

tf.enableProdMode();
const { values } = parseArgs({ args: Deno.args, options: { steps: { type: "string" } } });
const steps = Number(values.steps ?? 300);
if (!Number.isInteger(steps) || steps < 1) {
  console.error(`--steps must be a positive integer, got ${values.steps}`);
  Deno.exit(2);
}
const report = await initBackend({ order: ["wasm"] });
const seed = odevaeRotmnist.seed;
const variants = [];
for (const widthRate of [1, WIDTH_LR_FACTOR]) {
  const model = odevaeRotmnist.build(seed);
  const start = performance.now();
  await trainOdevae(model, {
    steps,
    seed,
    widthRate,
    onProgress: progressPrinter(`widths ×${widthRate}`),
  });
  variants.push({
    widthRate,
    wallTimeSeconds: Math.round((performance.now() - start) / 100) / 10,
    metrics: { ...posteriorStdStats(model), ...predictiveSpread(model, rotatingMnist(), 8) },
  });
  model.dispose();
}
const results = {
  description: "odevae-rotmnist trained briefly with the posterior widths at the shared " +
    `learning rate (×1) and at the recipe's ×${WIDTH_LR_FACTOR}; σ_w quantiles and predictive ` +
    "spread on the first 8 test sequences",
  command:
    `deno run --allow-read --allow-env --allow-write=sweeps scripts/odevae_width_trial.ts --steps ${steps}`,
  steps,
  seed,
  backend: report.name,
  hardware: describeHardware(),
  ranAt: new Date().toISOString(),
  variants,
};
await Deno.mkdir(new URL("../sweeps/odevae-widths/", import.meta.url), { recursive: true });
await Deno.writeTextFile(
  new URL("../sweeps/odevae-widths/results.json", import.meta.url),
  JSON.stringify(results, null, 1) + "\n",
);
console.table(variants.map((v) => ({ widthRate: v.widthRate, ...v.metrics })));
