/**
 * `deno task train <model…> | --all [--steps N] [--seed S] [--backend wasm|cpu]`
 *
 * Trains with a seed, shows a progress bar, writes weights/<model>/<model>.json + .bin (tf.io
 * weight manifest) and records in weights/manifest.json: the files' sha256, the shapes, the exact
 * command, seed, wall time, backend, hardware and the held-out metrics reached. A recipe that
 * records a training history gets it saved as weights/<model>/history.json (written atomically,
 * hashed in the manifest with the weights).
 */
import * as tf from "@tensorflow/tfjs";
import process from "node:process";
import { parseArgs } from "node:util";
import { type BackendName, initBackend } from "../lib/backend.ts";
import { encodeModuleWeights, sha256Hex } from "../lib/io/weights.ts";
import { progressPrinter } from "./progress.ts";
import { RECIPES } from "./recipes/mod.ts";
import { checkTargets } from "./targets.ts";
import { writeTextAtomically } from "./atomic_write.ts";
import {
  describeHardware,
  HISTORY_FILE,
  modelDir,
  readManifest,
  writeManifest,
} from "./weights_manifest.ts";

tf.enableProdMode();

const USAGE = `usage: deno task train <model…> | --all [--steps N] [--seed S] [--backend wasm|cpu]
models: ${Object.keys(RECIPES).join(", ")}`;

const { values: args, positionals } = parseArgs({
  args: Deno.args,
  allowPositionals: true,
  options: {
    all: { type: "boolean", default: false },
    steps: { type: "string" },
    seed: { type: "string" },
    backend: { type: "string", default: "wasm" },
    help: { type: "boolean", default: false },
  },
});
if (args.help || (!args.all && positionals.length === 0)) {
  console.log(USAGE);
  Deno.exit(args.help ? 0 : 2);
}
const unknown = positionals.filter((n) => !(n in RECIPES));
if (unknown.length) {
  console.error(`unknown model ${unknown.join(", ")}\n${USAGE}`);
  Deno.exit(2);
}

const report = await initBackend({ order: [args.backend as BackendName] });
const names = args.all ? Object.keys(RECIPES) : positionals;
let failures = 0;
for (const name of names) {
  const recipe = RECIPES[name];
  const seed = args.seed ? Number(args.seed) : recipe.seed;
  const steps = args.steps ? Number(args.steps) : recipe.steps;
  const model = recipe.build(seed);
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const history = await recipe.train(model, { steps, seed, onProgress: progressPrinter(name) });
  const wallTimeSeconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const metrics = await recipe.evaluate(model, { fast: false });
  const metricsFast = await recipe.evaluate(model, { fast: true });
  const missed = checkTargets(recipe.targets, metrics);

  const dir = modelDir(name);
  await Deno.mkdir(dir, { recursive: true });
  const { manifest, bin } = await encodeModuleWeights(model, `${name}.bin`, {
    model: name,
    seed,
    steps,
  });
  const json = new TextEncoder().encode(JSON.stringify(manifest, null, 1) + "\n");
  await Deno.writeFile(new URL(`${name}.json`, dir), json);
  await Deno.writeFile(new URL(`${name}.bin`, dir), bin);
  const historyFile = new URL(HISTORY_FILE, dir);
  const historyText = history
    ? JSON.stringify({ model: name, seed, steps, backend: report.name, ...history }, null, 1) + "\n"
    : undefined;
  if (historyText) await writeTextAtomically(historyFile, historyText);
  else await Deno.remove(historyFile).catch(() => {}); // none recorded: no stale history beside

  const all = await readManifest();
  all.models[name] = {
    files: {
      [`${name}.json`]: await sha256Hex(json),
      [`${name}.bin`]: await sha256Hex(bin),
      ...(historyText
        ? { [HISTORY_FILE]: await sha256Hex(new TextEncoder().encode(historyText)) }
        : {}),
    },
    shapes: Object.fromEntries(
      Object.entries(model.namedParameters()).map(([k, v]) => [k, v.shape]),
    ),
    parameters: model.parameterCount(),
    command: `deno task train ${name} --seed ${seed} --steps ${steps} --backend ${report.name}`,
    seed,
    steps,
    wallTimeSeconds: Math.round(wallTimeSeconds * 10) / 10,
    cpuSeconds: Math.round(cpuSeconds * 10) / 10,
    backend: report.name,
    hardware: describeHardware(),
    trainedAt: new Date().toISOString(),
    metrics,
    metricsFast,
    targets: recipe.targets,
  };
  await writeManifest(all);
  model.dispose();
  console.log(`${name}: ${Math.round(wallTimeSeconds)} s, ${bin.byteLength} bytes of weights`);
  for (const [k, v] of Object.entries(metrics)) console.log(`  ${k}: ${v}`);
  if (missed.length) {
    failures++;
    console.error(`  MISSED TARGETS: ${missed.join("; ")}`);
  }
}
Deno.exit(failures ? 1 : 0);
