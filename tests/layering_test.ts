/**
 * The architecture, enforced, at two scales:
 *   - the repository's top-level folders follow the rule "imports point inward" (RINGS below);
 *   - inside lib/, each folder imports only from folders before it in LAYERS (zoo, the shipped
 *     models' presets and cards, is the top layer), and nothing uses a Deno API (so every file
 *     runs unchanged in the browser).
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
  // `… from "x"`, bare `import "x"` and dynamic `import("x")`, in either quotes.
  return [...source.matchAll(/\bfrom\s+["']([^"']+)["']|\bimport\s*\(?\s*["']([^"']+)["']/g)]
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

/**
 * The rule between the top-level folders, "imports point inward": a folder imports from itself
 * and from the rings inside its own, never from its own ring's other folders or from outside.
 *
 *   lib  ←  exercises, solutions  ←  scripts, site  ←  tests
 *
 * lib/ is the library; the kit (exercises/, solutions/) is generated from it; the tools
 * (scripts/) and the site use both and stay independent of each other; tests may import
 * anything, and nothing imports tests/.
 */
const RINGS: string[][] = [["lib"], ["exercises", "solutions"], ["scripts", "site"], ["tests"]];

/**
 * Imports that break the rule, as "file → target", each with the reason it may stay. Empty since
 * the model presets moved to lib/zoo (issue 13 item 1); the test fails when an entry no longer
 * occurs, so the set can only shrink.
 */
const ALLOWED_FOR_NOW = new Set<string>([]);

const root = new URL("../", import.meta.url);
/** Build output and installed packages: not the repository's code. */
const SKIP = new Set(["node_modules", "site/dist", "site/.astro"]);
const SOURCE = /\.(ts|tsx|mts|js|mjs|astro|mdx)$/;

async function* sources(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(new URL(`${dir}/`, root))) {
    const path = `${dir}/${entry.name}`;
    if (SKIP.has(path) || SKIP.has(entry.name)) continue;
    if (entry.isDirectory) yield* sources(path);
    else if (SOURCE.test(entry.name)) yield path;
  }
}

/** "lib" for a repository path like "lib/ode/solve.ts"; undefined outside the repository. */
function topFolder(path: URL): string | undefined {
  if (!path.href.startsWith(root.href)) return undefined;
  return path.href.slice(root.href.length).split("/")[0];
}

Deno.test("layering: top-level folders import inward (lib ← exercises, solutions ← scripts, site ← tests)", async () => {
  const ring = new Map(RINGS.flatMap((folders, i) => folders.map((f) => [f, i] as const)));
  const found = new Set<string>();
  const problems: string[] = [];
  for (const top of RINGS.flat()) {
    for await (const path of sources(top)) {
      for (const spec of importsOf(await Deno.readTextFile(new URL(path, root)))) {
        if (!spec.startsWith(".")) continue; // packages
        const target = new URL(spec.split("?")[0], new URL(path, root));
        const to = topFolder(target);
        if (to === top) continue;
        const shown = to === undefined ? target.href : target.href.slice(root.href.length);
        const edge = `${path} → ${shown}`;
        const inward = to !== undefined && ring.has(to) && ring.get(to)! < ring.get(top)!;
        if (inward) continue;
        if (ALLOWED_FOR_NOW.has(edge)) found.add(edge);
        else problems.push(`${edge}: ${top}/ may import only ${allowedFor(top, ring)}`);
      }
    }
  }
  assert.deepEqual(problems, [], "imports against the rule");
  const stale = [...ALLOWED_FOR_NOW].filter((edge) => !found.has(edge));
  assert.deepEqual(stale, [], "ALLOWED_FOR_NOW lists imports that are gone: delete them there");
});

function allowedFor(top: string, ring: Map<string, number>): string {
  const inner = [...ring].filter(([, i]) => i < ring.get(top)!).map(([f]) => `${f}/`);
  return [`${top}/ itself`, ...inner].join(", ");
}
