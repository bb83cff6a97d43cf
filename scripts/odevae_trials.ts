/**
 * Two recorded trials behind odevae-rotmnist's recipe, each training the recipe's model briefly
 * in two ways (same seed, data and steps) and recording what came out. Lecture 4 shows both.
 *
 *   widths      the posterior widths ρ at the shared learning rate (×1) and at the recipe's
 *               WIDTH_LR_FACTOR: σ_w quantiles and predictive spread (default 300 steps);
 *   curriculum  all 16 frames from the first step, and the recipe's length curriculum scaled to
 *               the run (full length at 60% of the steps): per-frame MSE of the model, the
 *               average training frame and frame 0 held still (default 1,000 steps).
 *
 *   deno run --allow-read --allow-env --allow-write=sweeps scripts/odevae_trials.ts <trial> [--steps N]
 *
 * Writes sweeps/odevae-<trial>/results.json.
 */
import * as tf from "@tensorflow/tfjs";
import { parseArgs } from "node:util";
import { initBackend } from "../lib/backend.ts";
import type { ODEVAE } from "../lib/models/odevae.ts";
import { progressPrinter } from "./progress.ts";
import { CURRICULUM, posteriorStdStats, WIDTH_LR_FACTOR } from "../lib/zoo/odevae_rotmnist.ts";
import {
  frameErrors,
  odevaeRotmnist,
  predictiveSpread,
  rotatingMnist,
  trainOdevae,
} from "./recipes/odevae_rotmnist.ts";
import { describeHardware } from "./weights_manifest.ts";

interface Variant {
  /** Name in the results file and the progress line. */
  name: string;
  /** Arguments of trainOdevae beyond steps, seed and progress. */
  options: Pick<Parameters<typeof trainOdevae>[1], "widthRate" | "curriculum">;
}

interface Trial {
  description: string;
  defaultSteps: number;
  variants: (steps: number) => Variant[];
  measure: (model: ODEVAE) => Record<string, unknown>;
}

const TRIALS: Record<string, Trial> = {
  widths: {
    description: "odevae-rotmnist trained briefly with the posterior widths at the shared " +
      `learning rate (×1) and at the recipe's ×${WIDTH_LR_FACTOR}; σ_w quantiles and predictive ` +
      "spread on the first 8 test sequences",
    defaultSteps: 300,
    variants: () =>
      [1, WIDTH_LR_FACTOR].map((widthRate) => ({
        name: `widths ×${widthRate}`,
        options: { widthRate, curriculum: CURRICULUM },
      })),
    measure: (model) => ({
      ...posteriorStdStats(model),
      ...predictiveSpread(model, rotatingMnist(), 8),
    }),
  },
  curriculum: {
    description: "odevae-rotmnist trained briefly on all 16 frames from the first step, and with " +
      "the recipe's length curriculum (4 frames growing to 16 at 60% of the steps); per-frame " +
      "MSE per pixel on the first 32 test sequences of the model (posterior-mean z0, mean " +
      "field), the average training frame and frame 0 held still",
    defaultSteps: 1000,
    variants: (steps) => [
      { name: "all frames", options: { widthRate: WIDTH_LR_FACTOR } },
      {
        name: "curriculum",
        options: {
          widthRate: WIDTH_LR_FACTOR,
          curriculum: { ...CURRICULUM, fullAt: Math.round(0.6 * steps) },
        },
      },
    ],
    measure: (model) => ({ ...frameErrors(model, rotatingMnist(), 32) }),
  },
};

tf.enableProdMode();
const { values, positionals } = parseArgs({
  args: Deno.args,
  allowPositionals: true,
  options: { steps: { type: "string" } },
});
const trialName = positionals[0];
const trial = TRIALS[trialName];
if (!trial || positionals.length !== 1) {
  console.error(`usage: odevae_trials.ts <${Object.keys(TRIALS).join("|")}> [--steps N]`);
  Deno.exit(2);
}
const steps = Number(values.steps ?? trial.defaultSteps);
if (!Number.isInteger(steps) || steps < 1) {
  console.error(`--steps must be a positive integer, got ${values.steps}`);
  Deno.exit(2);
}
const report = await initBackend({ order: ["wasm"] });
const seed = odevaeRotmnist.seed;
const variants = [];
for (const { name, options } of trial.variants(steps)) {
  const model = odevaeRotmnist.build(seed);
  const start = performance.now();
  const print = progressPrinter(name);
  let lastTerms: Record<string, number> | undefined;
  await trainOdevae(model, {
    steps,
    seed,
    ...options,
    onProgress(p) {
      lastTerms = p.terms;
      print(p);
    },
  });
  variants.push({
    name,
    ...options,
    wallTimeSeconds: Math.round((performance.now() - start) / 100) / 10,
    // The loss terms of the last step: klZ0 tells whether the encoder still passes information.
    lastTerms,
    metrics: trial.measure(model),
  });
  model.dispose();
}
const folder = new URL(`../sweeps/odevae-${trialName}/`, import.meta.url);
await Deno.mkdir(folder, { recursive: true });
const results = {
  description: trial.description,
  command: "deno run --allow-read --allow-env --allow-write=sweeps scripts/odevae_trials.ts " +
    `${trialName} --steps ${steps}`,
  steps,
  seed,
  backend: report.name,
  hardware: describeHardware(),
  ranAt: new Date().toISOString(),
  variants,
};
await Deno.writeTextFile(new URL("results.json", folder), JSON.stringify(results, null, 1) + "\n");
console.log(JSON.stringify(variants.map((v) => ({ name: v.name, metrics: v.metrics }))));
