// The mine build (`deno task start --mine`, or MINE=1 / MINE=<folder> with `deno task build`):
// the learner's functions run the course site where their tasks pass.
//
// 1. gradeMine() runs scripts/kit/mine.ts, which grades the learner's folder (exercises/ by
//    default) with the kit's tests and lists every task: its function, the lib file holding its
//    region, the learner's file, and whether it passed ("live").
// 2. mineVitePlugin() rewrites each lib file that holds a live task's region: the library's
//    `export function name(` becomes a private `__library_name`, and a new export `name` calls
//    the learner's function through site/src/mine/guard.ts, which falls back to the library's
//    when the learner's throws or returns the wrong shape. Everything else that imports the lib
//    function (models, solvers, demos, the learner's other files) gets the wrapper. The learner's
//    files import lib back (a cycle of functions only: nothing runs at module evaluation).
// 3. mineIntegration() adds the /mine/ page (which functions are live, which fell back).
//
// A normal build has none of this: MINE is defined false there, so the demos' `if
// (import.meta.env.MINE)` branches and the modules they import are left out of the bundle
// (tests/site_units/no_mine_test.ts checks site/dist).
import { spawnSync } from "node:child_process";
import { dirname, resolve } from "node:path";

/** MINE from the environment, or `--mine[=DIR]` on astro's command line; undefined: normal. */
export function mineRequest(env = process.env, argv = process.argv) {
  const flag = argv.find((a) => a === "--mine" || a.startsWith("--mine="));
  const value = flag ? (flag.split("=")[1] ?? "1") : env.MINE;
  if (!value || ["0", "false", "no"].includes(value.toLowerCase())) return undefined;
  return value;
}

/** Grades the learner's folder (scripts/kit/mine.ts) and returns its task list. */
export function gradeMine(repoRoot, request) {
  // A folder named relative to where `deno task` was started (INIT_CWD), else the repository.
  const dir = ["1", "true", "yes"].includes(request.toLowerCase())
    ? `${repoRoot}/exercises`
    : resolve(process.env.INIT_CWD ?? repoRoot, request);
  const args = [
    "run",
    "--allow-read",
    "--allow-run=deno",
    `${repoRoot}/scripts/kit/mine.ts`,
    `--mine=${dir}`,
    "--json",
  ];
  const out = spawnSync("deno", args, { cwd: repoRoot, encoding: "utf8", maxBuffer: 1 << 24 });
  if (out.status !== 0) {
    throw new Error(`--mine: grading your exercises failed:\n${out.stderr || out.stdout}`);
  }
  const manifest = JSON.parse(out.stdout);
  const live = manifest.tasks.filter((t) => t.status === "live");
  console.log(
    `--mine: ${live.length} of ${manifest.tasks.length} of your functions run this build ` +
      `(${manifest.dir}): ${live.map((t) => `${t.id} ${t.name}`).join(", ") || "none yet"}`,
  );
  return manifest;
}

/** What the pages may know of the grading: no paths. */
function publicTasks(manifest) {
  return manifest.tasks.map(({ id, exercise, name, source, status, message }) => ({
    id,
    exercise,
    name,
    source,
    status,
    ...(message ? { message } : {}),
  }));
}

/** Vite's define entries: MINE and the graded task list (a JSON string), or MINE false. */
export function mineDefine(manifest) {
  return {
    "import.meta.env.MINE": JSON.stringify(Boolean(manifest)),
    ...(manifest
      ? {
        "import.meta.env.MINE_TASKS": JSON.stringify(JSON.stringify(publicTasks(manifest))),
        // Fallbacks are remembered per build: a rebuilt site tries the learner's functions again.
        "import.meta.env.MINE_BUILD": JSON.stringify(String(Date.now())),
      }
      : {}),
  };
}

/** Rewrites one lib file so that its live tasks' functions are the learner's, guarded. */
export function rewriteLibModule(code, tasks, guardPath) {
  let out = code;
  const tail = [`import { mineFunction as __mineFunction } from ${JSON.stringify(guardPath)};`];
  for (const task of tasks) {
    const declaration = new RegExp(`^export function ${task.name}\\(`, "m");
    if (!declaration.test(out)) {
      throw new Error(`--mine: ${task.source} has no "export function ${task.name}(" to replace`);
    }
    out = out.replace(declaration, `function __library_${task.name}(`);
    tail.push(
      `import { ${task.name} as __learner_${task.name} } from ${JSON.stringify(task.file)};`,
      `const __mine_${task.name} = __mineFunction(${JSON.stringify(task.id)}, ` +
        `${JSON.stringify(task.name)}, __learner_${task.name}, __library_${task.name});`,
      `export function ${task.name}(...args) { return __mine_${task.name}(...args); }`,
    );
  }
  return `${out}\n// --mine: the learner's functions, guarded (site/integrations/mine.mjs)\n${
    tail.join("\n")
  }\n`;
}

/** The Vite plugin of a mine build (pages and workers). */
export function mineVitePlugin(manifest, repoRoot) {
  const guardPath = `${repoRoot}/site/src/mine/guard.ts`;
  const bySource = new Map();
  for (const task of manifest.tasks.filter((t) => t.status === "live")) {
    const path = `${repoRoot}/${task.source}`;
    bySource.set(path, [...(bySource.get(path) ?? []), task]);
  }
  const dir = manifest.dir.replace(/\/$/, "");
  const outside = !`${dir}/`.startsWith(`${repoRoot}/`) || dirname(dir) !== repoRoot;
  const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const rewritten = new RegExp(`^(?:${[...bySource.keys()].map(escape).join("|") || "(?!)"})$`);
  return {
    name: "course-mine",
    enforce: "pre",
    // A folder elsewhere (a test's temporary one): its ../lib/ and _kit/ are the repository's,
    // and its packages are resolved as if it were exercises/.
    ...(outside
      ? {
        resolveId: {
          filter: { id: { exclude: /^\0/ } },
          handler(source, importer, options) {
            if (!importer?.startsWith(`${dir}/`)) return null;
            if (source.startsWith(".")) {
              const target = resolve(dirname(importer), source);
              const parent = dirname(dir);
              if (target.startsWith(`${parent}/lib/`)) {
                return `${repoRoot}/lib/${target.slice(parent.length + 5)}`;
              }
              if (target.startsWith(`${dir}/_kit/`)) {
                return `${repoRoot}/exercises/_kit/${target.slice(dir.length + 6)}`;
              }
              return null;
            }
            return this.resolve(source, guardPath, { ...options, skipSelf: true });
          },
        },
      }
      : {}),
    // Only the lib modules themselves: `?raw` and other queried imports (code listings) keep
    // their text. The filter spares the bundler a JavaScript call for every other module.
    transform: {
      filter: { id: rewritten },
      handler(code, id) {
        const tasks = bySource.get(id);
        return tasks ? { code: rewriteLibModule(code, tasks, guardPath), map: null } : null;
      },
    },
  };
}

/** The Astro integration of a mine build: the /mine/ page. */
export function mineIntegration() {
  return {
    name: "course-mine",
    hooks: {
      "astro:config:setup": ({ injectRoute }) => {
        injectRoute({ pattern: "/mine", entrypoint: "./src/mine/MinePage.astro" });
      },
    },
  };
}
