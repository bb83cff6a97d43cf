/**
 * `--mine`: which of the learner's functions the course site may run in place of the library's.
 * Grades a folder laid out like exercises/ (NN_topic/<file>.ts; by default exercises/ itself) with
 * the kit's own tests, and lists every task with its function, the lib file whose region it
 * replaces, the learner's file, and whether it passed. The site's mine build
 * (site/integrations/mine.mjs) reads that list: a task that passed is "live", the rest stay the
 * library's.
 *
 *   deno run --allow-read --allow-run=deno scripts/kit/mine.ts [--mine=DIR] [--json]
 *
 * The tests are the repository's own (exercises/NN_topic/*_test.ts); an import map points each
 * stub at the folder's file, and the folder's `../lib/` and `_kit/` at the repository's, so a
 * folder anywhere (a test's temporary one) grades as if it were exercises/. Each exercise runs
 * in a child `deno test --no-check --no-prompt` with no permission, as the grader runs it.
 */
import { EXERCISES, type Task, taskPath } from "../../exercises/_kit/catalog.ts";
import { findRegion, topLevelDeclarations } from "./extract.ts";
import { HEAP_LIMIT_MB, parseTap, pool, REPO_ROOT, runDeno, taskOfTest } from "./runner.ts";

export type MineStatus = "live" | "failing" | "todo";

export interface MineTask {
  id: string;
  exercise: number;
  /** The exported function the task writes, e.g. "eulerStep". */
  name: string;
  /** The lib file holding the task's region, repository-relative ("lib/ode/plain/fixed_grid.ts"). */
  source: string;
  /** Absolute path of the learner's file (absent: the task's file is not in the folder). */
  file?: string;
  /** live: every test of the task passed; failing: a test failed; todo: no file, or a stub. */
  status: MineStatus;
  /** The first failing check, for failing tasks. */
  message?: string;
}

export interface MineManifest {
  /** The graded folder (absolute, ending in "/"). */
  dir: string;
  tasks: MineTask[];
}

/** The exported function of a task's region in its lib file. */
export function taskFunction(task: Task): string {
  const source = Deno.readTextFileSync(new URL(task.source, REPO_ROOT));
  const region = findRegion(task.source, source, task.id);
  const fn = topLevelDeclarations(region.lines).find((d) => d.exported && !d.isType);
  if (!fn) throw new Error(`${task.source}: EXERCISE ${task.id} exports no function`);
  return fn.name;
}

/** deno.json's imports plus: stubs → the folder's files, the folder's ../lib/ and _kit/ → ours. */
export function mineImportMap(dir: URL): string {
  const configUrl = new URL("deno.json", REPO_ROOT);
  const config = JSON.parse(Deno.readTextFileSync(configUrl)) as {
    imports?: Record<string, string>;
  };
  const imports: Record<string, string> = {};
  for (const [key, value] of Object.entries(config.imports ?? {})) {
    imports[key] = value.startsWith(".") ? new URL(value, configUrl).href : value;
  }
  const exercisesRoot = new URL("exercises/", REPO_ROOT).href;
  if (dir.href !== exercisesRoot) {
    imports[new URL("../lib/", dir).href] = new URL("lib/", REPO_ROOT).href;
    imports[new URL("_kit/", dir).href] = new URL("exercises/_kit/", REPO_ROOT).href;
    for (const exercise of EXERCISES) {
      for (const task of exercise.tasks) {
        const mine = new URL(taskPath(exercise, task), dir);
        if (exists(mine)) {
          imports[new URL(taskPath(exercise, task), exercisesRoot).href] = mine.href;
        }
      }
    }
  }
  return `data:application/json,${encodeURIComponent(JSON.stringify({ imports }))}`;
}

function exists(url: URL): boolean {
  try {
    return Deno.statSync(url).isFile;
  } catch {
    return false;
  }
}

/** A missing file, or one that still throws the stub's TodoError. */
function isStub(file: URL): boolean {
  return !exists(file) || /throw new TodoError\(/.test(Deno.readTextFileSync(file));
}

/** Grades every exercise against the folder's files and lists each task's status. */
export async function gradeMine(
  dir: URL,
  { concurrency = 2, timeoutMs = 60_000 } = {},
): Promise<MineManifest> {
  const map = mineImportMap(dir);
  const runs = await pool(EXERCISES, concurrency, async (exercise) => {
    // A stub fails its tests (the kit's invariant): an exercise of stubs only need not run.
    if (exercise.tasks.every((task) => isStub(new URL(taskPath(exercise, task), dir)))) {
      return { tests: [], timedOut: false };
    }
    // An endless loop must not hang the build: none of that exercise's tasks goes live.
    const { stdout, timedOut } = await runDeno(
      [
        "test",
        "--no-check",
        "--no-prompt",
        "--reporter=tap",
        `--v8-flags=--max-old-space-size=${HEAP_LIMIT_MB}`,
        `--import-map=${map}`,
        `exercises/${exercise.folder}/`,
      ],
      REPO_ROOT,
      timeoutMs,
    );
    return { tests: parseTap(stdout), timedOut };
  });
  const tasks = EXERCISES.flatMap((exercise, i) =>
    exercise.tasks.map((task): MineTask => {
      const file = new URL(taskPath(exercise, task), dir);
      const tests = runs[i].tests.filter((t) => taskOfTest(t.name) === task.id);
      const failed = runs[i].timedOut
        ? {
          message: `the tests of exercise ${exercise.n} did not finish within ${
            timeoutMs / 1000
          } s`,
        }
        : tests.find((t) => !t.passed);
      const status: MineStatus = tests.length > 0 && !failed
        ? "live"
        : isStub(file)
        ? "todo"
        : "failing";
      return {
        id: task.id,
        exercise: exercise.n,
        name: taskFunction(task),
        source: task.source,
        ...(exists(file) ? { file: file.pathname } : {}),
        status,
        ...(status === "failing" && failed?.message
          ? { message: failed.message.split("\n").slice(0, 3).join(" ").slice(0, 300) }
          : {}),
      };
    })
  );
  return { dir: dir.pathname, tasks };
}

/** `--mine` or `--mine=DIR` among command-line arguments → the folder (default exercises/). */
export function mineDir(value: string | undefined, cwd = Deno.cwd()): URL {
  const path = value && value !== "1" && value !== "true" ? value : "exercises";
  const url = path.startsWith("/")
    ? new URL(`file://${path}`)
    : new URL(path, path === "exercises" ? REPO_ROOT : `file://${cwd}/`);
  return url.href.endsWith("/") ? url : new URL(`${url.href}/`);
}

/** The one-line-per-task summary printed before a mine build. */
export function summary(manifest: MineManifest): string {
  const live = manifest.tasks.filter((t) => t.status === "live");
  const lines = [
    `--mine: ${live.length} of ${manifest.tasks.length} of your functions run the site ` +
    `(graded ${manifest.dir}):`,
  ];
  for (const t of manifest.tasks) {
    const what = t.status === "live"
      ? "yours"
      : t.status === "failing"
      ? "library's (your tests fail)"
      : "library's (not done)";
    lines.push(`  ${t.id.padEnd(5)} ${t.name.padEnd(24)} ${what}`);
  }
  return lines.join("\n");
}

if (import.meta.main) {
  const arg = Deno.args.find((a) => a === "--mine" || a.startsWith("--mine="));
  const dir = mineDir(arg?.split("=")[1]);
  const manifest = await gradeMine(dir);
  console.log(Deno.args.includes("--json") ? JSON.stringify(manifest) : summary(manifest));
}
