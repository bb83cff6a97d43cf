/**
 * The shipped weights: every file matches the manifest's sha256, every model reaches its targets,
 * loading reproduces the manifest's fast-subset metrics, and damaged files are refused by name.
 */
import assert from "node:assert/strict";
import { initBackend } from "../../lib/backend.ts";
import { loadModuleWeights, WeightsError } from "../../lib/io/weights.ts";
import { PRESETS } from "../../lib/zoo/mod.ts";
import { RECIPES } from "../../scripts/recipes/mod.ts";
import { checkTargets } from "../../scripts/targets.ts";
import type { TrainingHistory } from "../../lib/io/manifest.ts";
import {
  HISTORY_FILE,
  modelDir,
  readManifest,
  verifyFiles,
} from "../../scripts/weights_manifest.ts";
import { backend } from "../_setup.ts";

const manifest = await readManifest();
const shipped = Object.entries(manifest.models);

Deno.test("weights: every model in the manifest has its recipe", () => {
  for (const [name] of shipped) assert.ok(name in RECIPES, `${name} has no recipe`);
});

Deno.test("weights: every file's sha256 matches weights/manifest.json", async () => {
  for (const [name, entry] of shipped) assert.deepEqual(await verifyFiles(name, entry), [], name);
});

Deno.test("weights: each model's preset (lib/zoo, what pages build) has the shipped shapes", () => {
  for (const [name, entry] of shipped) {
    assert.ok(name in PRESETS, `${name} has no preset in lib/zoo`);
    assert.equal(RECIPES[name].config, PRESETS[name].config, `${name}: recipe's config ≠ preset's`);
    const model = PRESETS[name].build(entry.seed);
    const shapes = Object.fromEntries(
      Object.entries(model.namedParameters()).map(([k, v]) => [k, v.shape]),
    );
    model.dispose();
    assert.deepEqual(shapes, entry.shapes, name);
  }
});

Deno.test("weights: the recorded metrics reach every target", () => {
  for (const [name, entry] of shipped) {
    assert.deepEqual(checkTargets(entry.targets, entry.metrics), [], name);
  }
});

for (const [name, entry] of shipped) {
  Deno.test(`weights: ${name} loads and reproduces its fast-subset metrics`, async () => {
    // Evaluate on the backend the metrics were recorded with, so they agree to float rounding.
    await initBackend({ order: [entry.backend as "wasm" | "cpu"] });
    try {
      const recipe = RECIPES[name];
      const model = recipe.build(entry.seed);
      await loadModuleWeights(model, modelDir(name).pathname, name, Deno.readFile);
      const metrics = await recipe.evaluate(model, { fast: true });
      model.dispose();
      for (const [k, want] of Object.entries(entry.metricsFast)) {
        const got = metrics[k];
        assert.ok(
          Math.abs(got - want) <= 1e-4 * Math.max(1, Math.abs(want)),
          `${name} ${k}: ${got} vs manifest ${want}`,
        );
      }
    } finally {
      await initBackend({ order: [backend.name] });
    }
  });
}

/** A copy of a model's two files in a temp folder, for damaging. */
async function copyOf(name: string): Promise<string> {
  const dir = await Deno.makeTempDir();
  for (const ext of ["json", "bin"]) {
    await Deno.copyFile(new URL(`${name}.${ext}`, modelDir(name)), `${dir}/${name}.${ext}`);
  }
  return dir;
}

async function refused(name: string, dir: string, file: string, into = name) {
  const model = RECIPES[into].build(manifest.models[into].seed);
  try {
    await assert.rejects(
      () => loadModuleWeights(model, dir, name, Deno.readFile),
      (e: Error) => e instanceof WeightsError && e.message.startsWith(`${dir}/${file}`),
    );
  } finally {
    model.dispose();
  }
}

Deno.test({
  name: "weights: a corrupted, truncated or mismatched file is refused, naming it",
  ignore: shipped.length === 0,
  fn: corruptedFilesAreRefused,
});

async function corruptedFilesAreRefused() {
  const [name] = shipped.map(([n]) => n);
  const other = shipped.map(([n]) => n).find((n) => n !== name);
  const dir = await copyOf(name);
  try {
    const bin = `${dir}/${name}.bin`;
    const bytes = await Deno.readFile(bin);
    bytes[bytes.length >> 1] ^= 0x5a;
    await Deno.writeFile(bin, bytes);
    await refused(name, dir, `${name}.bin`);
    await Deno.writeFile(bin, bytes.slice(0, bytes.length >> 1));
    await refused(name, dir, `${name}.bin`);
    await Deno.copyFile(new URL(`${name}.bin`, modelDir(name)), bin);
    if (other) await refused(name, dir, `${name}.json`, other);
    await Deno.remove(bin);
    await refused(name, dir, `${name}.bin`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** The history column that holds each manifest metric a history ends at. */
const HISTORY_VALUE: Record<string, string> = { "train −ELBO/trajectory": "negElbo" };

// A recorded training history (weights/<model>/history.json, from the run of the shipped weights).
for (const [name, entry] of shipped.filter(([, e]) => HISTORY_FILE in e.files)) {
  Deno.test(`weights: ${name}'s training history has its shape and ends at the manifest's metric`, async () => {
    const history = JSON.parse(
      await Deno.readTextFile(new URL(HISTORY_FILE, modelDir(name))),
    ) as TrainingHistory & { model: string; seed: number; steps: number };
    assert.equal(history.model, name);
    assert.equal(history.seed, entry.seed);
    assert.equal(history.steps, entry.steps);
    const { rows, columns } = history;
    assert.ok(rows.length >= 2, "at least the start and the end");
    // Every row holds the described columns (and its step, described or not).
    const described = Object.keys(columns).filter((k) => k !== "step").sort();
    for (const row of rows) {
      const keys = Object.keys(row).filter((k) => k !== "step").sort();
      assert.deepEqual(keys, described, `step ${row.step}`);
    }
    const steps = rows.map((r) => r.step);
    assert.ok(steps[0] === 0 || steps[0] === history.every, `first row at step ${steps[0]}`);
    assert.equal(steps[steps.length - 1], entry.steps);
    steps.slice(1).forEach((s, i) => assert.ok(s > steps[i], `steps not increasing at ${s}`));
    steps.slice(1, -1).forEach((s) => assert.equal(s % history.every, 0, `step ${s}`));
    // A history that ends at a manifest metric must end at its value; a history of a quantity
    // the manifest does not record (odenet-mnist's windowed training loss) names it in `metric`.
    if (!(history.metric in entry.metrics)) {
      assert.ok(history.metric.length > 0, "the history names what it records");
      return;
    }
    const want = entry.metrics[history.metric];
    const last = rows[rows.length - 1];
    const value = (last as Record<string, number>)[HISTORY_VALUE[history.metric] ?? "value"];
    assert.ok(
      Math.abs(value - want) <= 1e-4 * Math.max(1, Math.abs(want)),
      `last recorded ${value} vs manifest ${history.metric} ${want}`,
    );
  });
}
