/**
 * `deno task sweep <model> (--grid | --random N) [key=v1,v2,… | key=lo:hi …] [options]`
 *
 * A seeded search over a model's named hyperparameters. Each trial trains a fresh model with
 * the recipe's training and measures a held-out metric; a live table shows trial, settings,
 * metric, elapsed time and ETA. Results go to DIR/results.json and DIR/results.csv after every
 * trial, so Ctrl-C (or any stop) loses no finished trial and running the same command again
 * resumes. The best setting by the held-out metric is printed at the end.
 */
import * as tf from "@tensorflow/tfjs";
import {
  nonNegativeInteger,
  parseCommandLine,
  positiveInteger,
  readCommandLine,
  UsageError,
} from "./cli.ts";
import { type BackendName, initBackend } from "../lib/backend.ts";
import { metricText } from "../lib/cards/format.ts";
import {
  type Axes,
  gridPlan,
  parseAxes,
  randomPlan,
  settingsKey,
  variedKey,
} from "./sweep/plan.ts";
import { resultsPaths } from "./sweep/results.ts";
import { runSweep } from "./sweep/run.ts";
import { allParameters, parametersText, SweepArgumentError } from "./sweep/space.ts";
import { SPACES } from "./sweep/spaces/mod.ts";
import { SweepProgress, tablePrinter } from "./sweep/table.ts";
import { describeHardware } from "./weights_manifest.ts";

tf.enableProdMode();

const USAGE =
  `usage: deno task sweep <model> (--grid | --random N) [key=v1,v2,… | key=lo:hi …] [options]
  --grid            every combination of the listed values
  --random N        N seeded random settings: of the named hyperparameters (values or lo:hi),
                    or of all of them when none is named
  --steps N         optimiser steps per trial (default: the recipe's; also a hyperparameter)
  --seed S          seed of every trial's model and data, and of --random (default 0)
  --out DIR         results folder (default sweeps/<model>); an existing one is resumed
  --backend B       wasm (default) or cpu
  --list            list the model's hyperparameters
models: ${Object.keys(SPACES).join(", ")}
example: deno task sweep vae-mnist --grid latent=2,8,20 lr=1e-3,3e-3 --steps 1000`;

function fail(message: string): never {
  console.error(`error: ${message}\n\n${USAGE}`);
  Deno.exit(2);
}

const { values: args, positionals } = readCommandLine(USAGE, () =>
  parseCommandLine(Deno.args, {
    grid: { type: "boolean", default: false },
    random: { type: "string" },
    steps: { type: "string" },
    seed: { type: "string", default: "0" },
    out: { type: "string" },
    backend: { type: "string", default: "wasm" },
    list: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  }, true));
if (args.help) {
  console.log(USAGE);
  Deno.exit(0);
}
const [model, ...specs] = positionals;
if (!model) fail("name a model");
const space = SPACES[model];
if (!space) fail(`unknown model "${model}". Valid models: ${Object.keys(SPACES).join(", ")}`);

/** A numeric option checked by `check` (cli.ts); a bad value ends the run with `fail`. */
const numberOption = <T>(check: () => T): T => {
  try {
    return check();
  } catch (error) {
    if (error instanceof UsageError) fail(error.message);
    throw error;
  }
};
const steps = args.steps === undefined
  ? undefined
  : numberOption(() => positiveInteger("steps", args.steps, 0));
const seed = numberOption(() => nonNegativeInteger("seed", args.seed, 0));
const params = allParameters(space, steps);
if (args.list) {
  console.log(`${model}: ${space.description}\nselects on: ${space.metric} (${space.goal})`);
  console.log(parametersText(params));
  Deno.exit(0);
}
if (args.grid === (args.random !== undefined)) fail("give exactly one of --grid and --random N");
if (!["wasm", "cpu"].includes(args.backend)) fail(`--backend must be wasm or cpu`);

let axes: Axes;
let trials;
try {
  axes = parseAxes(params, specs, model);
  trials = args.grid
    ? gridPlan(params, axes)
    : randomPlan(params, axes, numberOption(() => positiveInteger("random", args.random, 0)), seed);
} catch (error) {
  if (error instanceof SweepArgumentError) fail(error.message);
  throw error;
}
const outDir = args.out ?? new URL(`../sweeps/${model}/`, import.meta.url).pathname;
const command = [
  "deno task sweep",
  model,
  args.grid ? "--grid" : `--random ${args.random}`,
  ...specs,
  ...(steps !== undefined ? [`--steps ${steps}`] : []),
  `--seed ${seed}`,
  ...(args.out ? [`--out ${args.out}`] : []),
  `--backend ${args.backend}`,
].join(" ");

const backend = await initBackend({ order: [args.backend as BackendName] });
const controller = new AbortController();
let interrupts = 0;
Deno.addSignalListener("SIGINT", () => {
  if (++interrupts > 1) Deno.exit(130);
  console.error(
    "\nstopping: the trial in progress is abandoned, finished ones are kept " +
      "(Ctrl-C again to quit at once)",
  );
  controller.abort();
});

const direction = space.goal === "min" ? "lower" : "higher";
console.error(
  `sweep ${model}: ${trials.length} trials, ${space.metric} (${direction} is better), ` +
    `backend ${backend.name}, results in ${outDir}`,
);
const progress = new SweepProgress(
  trials.map((s) => variedKey(params, trials, s)),
  space.metric,
  space.goal,
);
const encoder = new TextEncoder();
const printer = tablePrinter(
  progress,
  (text) => Deno.stderr.writeSync(encoder.encode(text)),
  Deno.stderr.isTerminal(),
);

let results;
try {
  results = await runSweep({
    space,
    params,
    trials,
    plan: args.grid ? { kind: "grid", axes } : { kind: "random", axes, n: trials.length },
    seed,
    outDir,
    command,
    backend: backend.name,
    hardware: describeHardware(),
    signal: controller.signal,
    onEvent: printer.onEvent,
  });
} catch (error) {
  if (error instanceof SweepArgumentError) fail(error.message);
  if (error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied) {
    fail(
      `cannot write the results to ${outDir} (${(error as Error).message}). Fix: run ` +
        `deno run --allow-read --allow-env --allow-write=${outDir} scripts/sweep.ts …`,
    );
  }
  throw error;
}
printer.finish();

const { json, csv } = resultsPaths(outDir);
const run = results.runs.at(-1)!;
console.log(
  `\n${results.trials.length} trials in ${json} and ${csv} (this run: ` +
    `${run.trialsRun} trained, ${run.wallTimeSeconds} s; all trials: ${results.wallTimeSeconds} s)`,
);
if (results.best) {
  const b = results.best;
  console.log(
    `best by ${space.metric} (${direction} is better): trial ${b.trial}: ` +
      `${settingsKey(results.parameters, b.settings)} seed=${b.seed} → ${metricText(b.metric!)}`,
  );
} else console.log("no finished trial yet");
if (run.status === "interrupted") {
  console.log(`interrupted: run the same command again to resume:\n  ${command}`);
  Deno.exit(130);
}
Deno.exit(0);
