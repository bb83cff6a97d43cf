/**
 * README's metrics table says what the manifest says: every row of every shipped model, with the
 * value, target and training time `deno task evaluate` would print for it, and no stale rows.
 */
import assert from "node:assert/strict";
import { metricRow } from "../../scripts/metrics_table.ts";
import { RECIPES } from "../../scripts/recipes/mod.ts";
import { readManifest } from "../../scripts/weights_manifest.ts";

const FIX = "paste the table `deno task evaluate` prints into README";

/** Table rows of README whose first cell is one of `models`, as trimmed cells. */
function readmeRows(readme: string, models: Set<string>): string[][] {
  return readme.split("\n")
    .filter((line) => line.startsWith("| "))
    .map((line) => line.split("|").slice(1, -1).map((c) => c.trim()))
    .filter((cells) => cells.length === 6 && models.has(cells[0]));
}

Deno.test("README's metrics table equals the manifest, row for row", async () => {
  const manifest = await readManifest();
  const readme = await Deno.readTextFile(new URL("../../README.md", import.meta.url));
  const models = new Set(Object.keys(manifest.models));
  const key = (cells: string[]) => `${cells[0]} · ${cells[2]}`;
  const shown = new Map(readmeRows(readme, models).map((cells) => [key(cells), cells]));
  const expected = Object.entries(manifest.models).flatMap(([name, entry]) =>
    Object.entries(entry.metrics).map(([metric, value]) =>
      metricRow(name, RECIPES[name].heldOut, metric, value, entry)
    )
  );
  for (const row of expected) {
    const cells = shown.get(key(row));
    assert.ok(cells, `README's table has no row for ${key(row)}: ${FIX}`);
    assert.deepEqual(cells, row, `README's row for ${key(row)} differs from the manifest: ${FIX}`);
  }
  const extra = [...shown.keys()].filter((k) => !expected.some((row) => key(row) === k));
  assert.deepEqual(extra, [], `README's table has rows the manifest does not: ${FIX}`);
});
