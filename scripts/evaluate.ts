/**
 * `deno task evaluate [model…] [--fast]`: loads the shipped weights (checking every hash and
 * shape, naming the file when one differs) and prints the metrics table.
 */
import * as tf from "@tensorflow/tfjs";
import { parseCommandLine, readCommandLine } from "./cli.ts";
import { initBackend } from "../lib/backend.ts";
import { loadModuleWeights } from "../lib/io/weights.ts";
import { markdownTable, metricRow, TABLE_HEADER } from "./metrics_table.ts";
import { RECIPES } from "./recipes/mod.ts";
import { modelDir, readManifest, verifyFiles } from "./weights_manifest.ts";

tf.enableProdMode();
const USAGE = "usage: deno task evaluate [model…] [--fast]";
const { values: args, positionals } = readCommandLine(
  USAGE,
  () => parseCommandLine(Deno.args, { fast: { type: "boolean", default: false } }, true),
);
await initBackend();
const manifest = await readManifest().catch((error: Error) => {
  console.error(`error: ${error.message}`); // already names the file and the fix
  Deno.exit(1);
});
const names = positionals.length ? positionals : Object.keys(manifest.models);
let problems = 0;
const rows: string[][] = [];
for (const name of names) {
  const entry = manifest.models[name];
  const recipe = RECIPES[name];
  if (!entry || !recipe) {
    console.error(`${name}: no shipped weights (train them with \`deno task train ${name}\`)`);
    problems++;
    continue;
  }
  const bad = await verifyFiles(name, entry);
  if (bad.length) {
    bad.forEach((b) => console.error(b));
    problems++;
    continue;
  }
  const model = recipe.build(entry.seed);
  await loadModuleWeights(model, modelDir(name).pathname, name, Deno.readFile, {
    jsonSha256: entry.files[`${name}.json`],
  });
  const metrics = await recipe.evaluate(model, { fast: args.fast });
  model.dispose();
  for (const [k, v] of Object.entries(metrics)) {
    rows.push(metricRow(name, recipe.heldOut, k, v, entry));
  }
}
const header = TABLE_HEADER.map((h) => h === "value" && args.fast ? "value (fast subset)" : h);
console.log(markdownTable(header, rows));
Deno.exit(problems ? 1 : 0);
