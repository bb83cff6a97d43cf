/** The JavaScript budget: a lecture page ships ≤ 150 KB (gzip) before a demo starts. */
import assert from "node:assert/strict";
import { BUDGET_BYTES, measureSite, staticImports } from "../../scripts/site_size.ts";
import { DIST } from "../../scripts/site_dist.ts";

Deno.test("site_size: finds static imports but not dynamic ones", () => {
  const src = `import{a as b}from"./shell.js";import"./side.js";export{c}from"./re.js";` +
    `const m=()=>import("./tfjs.js");`;
  assert.deepEqual(staticImports(src).sort(), ["./re.js", "./shell.js", "./side.js"]);
});

Deno.test("every lecture page ships at most 150 KB of JS (gzip) before a demo starts", async () => {
  const built = await Deno.stat(`${DIST}index.html`).catch(() => undefined);
  assert.ok(built, "site/dist is missing. Fix: run `deno task build` (deno task test does)");
  const pages = measureSite(DIST);
  const lectures = pages.filter((p) => p.page.startsWith("/lectures/"));
  assert.ok(lectures.length >= 3, "lectures 0–2 are built");
  for (const p of pages) {
    console.log(`${(p.total / 1024).toFixed(1).padStart(6)} KB  ${p.page}`);
    assert.ok(p.total <= BUDGET_BYTES, `${p.page}: ${(p.total / 1024).toFixed(1)} KB`);
    // tfjs (≈1 MB) must never be among the scripts loaded up front.
    for (const s of p.scripts) assert.ok(s.gzip < 100 * 1024, `${p.page} loads ${s.file} up front`);
  }
  // Lectures with demos do load their (small) demo controllers.
  const l1 = lectures.find((p) => p.page.includes("01-"));
  assert.ok(l1 && l1.scripts.length > 0, "lecture 1 loads its demo controllers");
});
