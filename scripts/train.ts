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
import { initBackend } from "../lib/backend.ts";
import { encodeModuleWeights, sha256Hex } from "../lib/io/weights.ts";
import { progressPrinter } from "./progress.ts";
import { RECIPES } from "./recipes/mod.ts";
import { checkTargets } from "./targets.ts";
import { writeFilesAtomically } from "./atomic_write.ts";
import {
  nonNegativeInteger,
  oneOf,
  parseCommandLine,
  positiveInteger,
  runCommand,
  UsageError,
} from "./cli.ts";
import {
  describeHardware,
  HISTORY_FILE,
  MANIFEST,
  manifestText,
  modelDir,
  readManifest,
} from "./weights_manifest.ts";

tf.enableProdMode();

const USAGE =
  `usage: deno task train <model…> | --all [--steps N] [--seed S] [--backend wasm|cpu] [--force]
models: ${Object.keys(RECIPES).join(", ")}`;

/** Where a run that missed its targets writes (unless --force): never over the shipped weights. */
export const CANDIDATES_DIR = new URL("../weights/.candidates/", import.meta.url);

/** Every argument checked before any work: one line and exit code 2 for the first bad one. */
function readArguments() {
  const { values: args, positionals } = parseCommandLine(Deno.args, {
    all: { type: "boolean", default: false },
    steps: { type: "string" },
    seed: { type: "string" },
    backend: { type: "string", default: "wasm" },
    force: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  }, true);
  if (args.help) return { help: true as const };
  if (!args.all && positionals.length === 0) throw new UsageError("name a model, or pass --all");
  if (args.all && positionals.length) throw new UsageError("give model names or --all, not both");
  const unknown = positionals.filter((n) => !(n in RECIPES));
  if (unknown.length) throw new UsageError(`unknown model ${unknown.join(", ")}`);
  // Every model's steps and seed, resolved now: a bad --steps fails before the first model trains.
  const runs = (args.all ? Object.keys(RECIPES) : positionals).map((name) => ({
    name,
    seed: nonNegativeInteger("seed", args.seed, RECIPES[name].seed),
    steps: positiveInteger("steps", args.steps, RECIPES[name].steps),
  }));
  return {
    help: false as const,
    runs,
    backend: oneOf("backend", args.backend, ["wasm", "cpu"] as const),
    force: args.force,
  };
}

await runCommand(USAGE, async () => {
  const cli = readArguments();
  if (cli.help) {
    console.log(USAGE);
    return 0;
  }
  const report = await initBackend({ order: [cli.backend] });
  let failures = 0;
  for (const { name, seed, steps } of cli.runs) {
    const recipe = RECIPES[name];
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

    // Weights that miss their targets never replace the shipped ones, unless --force says so.
    const ship = missed.length === 0 || cli.force;
    const dir = ship ? modelDir(name) : new URL(`${name}/`, CANDIDATES_DIR);
    await Deno.mkdir(dir, { recursive: true });
    const { manifest, bin } = await encodeModuleWeights(model, `${name}.bin`, {
      model: name,
      seed,
      steps,
    });
    const json = new TextEncoder().encode(JSON.stringify(manifest, null, 1) + "\n");
    const historyFile = new URL(HISTORY_FILE, dir);
    const historyText = history
      ? JSON.stringify({ model: name, seed, steps, backend: report.name, ...history }, null, 1) +
        "\n"
      : undefined;
    const entry = {
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
    const files: [URL, string | Uint8Array][] = [
      [new URL(`${name}.json`, dir), json],
      [new URL(`${name}.bin`, dir), bin],
      ...(historyText ? [[historyFile, historyText] as [URL, string]] : []),
    ];
    if (ship) {
      // Weights first, the manifest that vouches for them last (see writeFilesAtomically).
      const all = await readManifest();
      all.models[name] = entry;
      await writeFilesAtomically([...files, [MANIFEST, manifestText(all)]]);
      if (!historyText) await Deno.remove(historyFile).catch(() => {}); // no stale history beside
    } else {
      await writeFilesAtomically([
        ...files,
        [new URL("entry.json", dir), JSON.stringify(entry, null, 2) + "\n"],
      ]);
    }
    model.dispose();
    console.log(`${name}: ${Math.round(wallTimeSeconds)} s, ${bin.byteLength} bytes of weights`);
    for (const [k, v] of Object.entries(metrics)) console.log(`  ${k}: ${v}`);
    if (missed.length) {
      failures++;
      console.error(`  MISSED TARGETS: ${missed.join("; ")}`);
      console.error(
        ship
          ? "  shipped anyway (--force)"
          : `  written to ${dir.pathname} (with entry.json); the shipped weights are untouched. ` +
            "Pass --force to ship them anyway.",
      );
    }
  }
  return failures ? 1 : 0;
});
