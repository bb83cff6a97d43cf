/**
 * The library's layering, enforced: each folder of lib/ imports only from folders before it in
 * LAYERS, lib/ never reaches into site/, exercises/, scripts/ or tests/, and uses no Deno API
 * (so every file runs unchanged in the browser). zoo (the shipped models' presets and their
 * cards) is the top layer. Outside lib: site/ never imports scripts/ (what pages need of a
 * shipped model is its preset in lib/zoo) and nothing but tests imports tests/.
 */
import assert from "node:assert/strict";

const LAYERS = ["ode", "prob", "nn", "data", "models", "cards", "train", "io", "zoo"];
/** Top-level files of lib/ and what they may import. */
const ROOT_FILES: Record<string, string[]> = { "backend.ts": [], "mod.ts": LAYERS };
const lib = new URL("../lib/", import.meta.url);

async function* files(dir: URL, prefix = "", ext = /\.ts$/): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isDirectory) {
      yield* files(new URL(`${entry.name}/`, dir), `${prefix}${entry.name}/`, ext);
    } else if (ext.test(entry.name)) yield `${prefix}${entry.name}`;
  }
}

function importsOf(source: string): string[] {
  // `… from "x"`, bare `import "x"` and dynamic `import("x")`.
  return [...source.matchAll(/\bfrom\s+"([^"]+)"|\bimport\s*\(?\s*"([^"]+)"/g)]
    .map((m) => m[1] ?? m[2]);
}

Deno.test("layering: lib/ imports only downward, never outside lib/, and uses no Deno API", async () => {
  const problems: string[] = [];
  for await (const path of files(lib)) {
    const source = await Deno.readTextFile(new URL(path, lib));
    const [folder] = path.split("/");
    const allowed = path.includes("/")
      ? LAYERS.slice(0, LAYERS.indexOf(folder) + 1)
      : ROOT_FILES[path] ?? [];
    for (const spec of importsOf(source)) {
      if (!spec.startsWith(".")) continue; // packages
      const target = new URL(spec, new URL(path, lib)).href;
      if (!target.startsWith(lib.href)) {
        problems.push(`${path} imports ${spec}, outside lib/`);
        continue;
      }
      const rest = target.slice(lib.href.length);
      const targetFolder = rest.includes("/") ? rest.split("/")[0] : rest;
      if (rest.includes("/") && !allowed.includes(targetFolder)) {
        problems.push(`${path} imports ${spec} (layer ${targetFolder} is not below ${folder})`);
      }
      if (!rest.includes("/") && path.includes("/") && targetFolder !== "backend.ts") {
        problems.push(`${path} imports ${spec}`);
      }
    }
    if (/\bDeno\./.test(source.replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, ""))) {
      problems.push(`${path} uses a Deno API`);
    }
  }
  assert.deepEqual(problems, []);
});

const root = new URL("../", import.meta.url);
/** Folders of the repository whose sources import each other (generated or vendored ones aside). */
const SOURCE_FOLDERS = ["lib", "exercises", "solutions", "scripts", "site/src", "tests"];
const SOURCE = /\.(ts|astro|mdx)$/;

/** Every relative import of every source file, as [importing path, imported path] from root. */
async function repositoryImports(): Promise<[string, string][]> {
  const out: [string, string][] = [];
  for (const folder of SOURCE_FOLDERS) {
    const dir = new URL(`${folder}/`, root);
    for await (const path of files(dir, `${folder}/`, SOURCE)) {
      const source = await Deno.readTextFile(new URL(path, root));
      for (const spec of importsOf(source)) {
        if (!spec.startsWith(".")) continue;
        const target = new URL(spec, new URL(path, root)).href;
        if (target.startsWith(root.href)) out.push([path, target.slice(root.href.length)]);
      }
    }
  }
  return out;
}

Deno.test("layering: site/ imports no scripts/, and only tests import tests/", async () => {
  const problems = (await repositoryImports())
    .filter(([from, to]) =>
      (from.startsWith("site/") && to.startsWith("scripts/")) ||
      (!from.startsWith("tests/") && to.startsWith("tests/"))
    )
    .map(([from, to]) => `${from} imports ${to}`);
  assert.deepEqual(problems, []);
});
