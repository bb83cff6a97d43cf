/**
 * The normal build never contains learner code: site/dist (built without --mine) has no /mine/
 * page, and no file of it carries the mine build's registry, label or guard (MINE_MARKERS,
 * strings that survive minification) or the kit's stub machinery. tests/site/mine_test.ts
 * checks that a mine build does carry MINE_MARKERS, so this test can fail.
 */
import assert from "node:assert/strict";
import { DIST, requireBuiltSite } from "../../scripts/site_dist.ts";
import { builtTexts, MINE_MARKERS } from "./_built_texts.ts";

/**
 * Strings of the exercise kit's stubs that minification keeps (exercises/_kit/todo.ts's message,
 * the stubs' header), looked for in scripts only: the pages explain the kit in prose.
 */
const KIT_MARKERS = ["is not written yet", "this file is yours"];

Deno.test("no mine: the normal build has no /mine/ page and no learner machinery", async () => {
  await requireBuiltSite();
  assert.equal(
    await Deno.stat(`${DIST}mine/index.html`).catch(() => undefined),
    undefined,
    "site/dist has a /mine/ page: was it built with MINE or --mine?",
  );
  const found: string[] = [];
  for (const [path, text] of builtTexts(DIST)) {
    const markers = path.endsWith(".html") ? MINE_MARKERS : [...MINE_MARKERS, ...KIT_MARKERS];
    for (const marker of markers) {
      if (text.includes(marker)) found.push(`${path.slice(DIST.length)}: "${marker}"`);
    }
  }
  assert.deepEqual(found, [], "mine-build or exercise-kit code in the normal build");
});
