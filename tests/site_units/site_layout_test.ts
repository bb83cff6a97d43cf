/**
 * The site's layout rules (site/README.md, "Map"), checked on the sources (no build needed):
 * - a file ends in `.runtime.ts` exactly when a page loads it by dynamic import when the reader
 *   starts something (`mountDemos(…, () => import("….runtime.ts"))`, the system check's Run);
 * - what a runtime loads, its worker included, never reaches build-time code: a lecture's
 *   `figures.ts`, `src/build/`, or a module that imports `node:` (types count too: a runtime's
 *   types come from the lecture's `types.ts`).
 */
import assert from "node:assert/strict";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const SRC = fileURLToPath(new URL("../../site/src/", import.meta.url));
const SPEC =
  /(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']|new URL\(\s*["'](\.{1,2}\/[^"']+)["']/g;
const DYNAMIC = /import\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g;

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of Deno.readDirSync(dir)) {
    const p = join(dir, e.name);
    if (e.isDirectory) out.push(...walk(p));
    else if (/\.(ts|astro|mdx)$/.test(e.name)) out.push(p);
  }
  return out;
}

/** The site-local files `file` names (static, dynamic, type-only and worker imports). */
function imports(file: string, pattern = SPEC): string[] {
  const text = Deno.readTextFileSync(file);
  return [...text.matchAll(pattern)].map((m) => join(dirname(file), m[1] ?? m[2]))
    .filter((p) => p.startsWith(SRC));
}

const files = walk(SRC);
const rel = (p: string) => relative(SRC, p);
/** Build-time code: a lecture's figures, src/build/, or anything that imports Node's modules. */
const buildTime = (f: string) =>
  f.endsWith("/figures.ts") || rel(f).startsWith("build/") ||
  /from\s+["']node:/.test(Deno.readTextFileSync(f));

Deno.test("site layout: '.runtime.ts' names exactly the modules pages load when a demo starts", () => {
  // Pages' dynamic imports: not the core's own lazy backend, nor build-time lazy helpers.
  const loaders = files.filter((f) => !rel(f).startsWith("core/") && !buildTime(f));
  const loaded = new Set(loaders.flatMap((f) => imports(f, DYNAMIC)));
  const named = new Set(files.filter((f) => f.endsWith(".runtime.ts")));
  assert.deepEqual([...named].map(rel).sort(), [...loaded].map(rel).sort());
  assert.ok(named.size >= 13, `expected the course's runtimes, found ${named.size}`);
});

Deno.test("site layout: no runtime reaches build-time code, not even for types", () => {
  for (const runtime of files.filter((f) => f.endsWith(".runtime.ts"))) {
    const seen = new Set<string>();
    const stack = [runtime];
    while (stack.length) {
      const f = stack.pop()!;
      if (seen.has(f)) continue;
      seen.add(f);
      assert.ok(!buildTime(f), `${rel(runtime)} reaches build-time ${rel(f)}`);
      stack.push(...imports(f));
    }
  }
});
