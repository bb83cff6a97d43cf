/**
 * Runs an exercise's tests in a child `deno test` with no permissions at all (so the code under
 * test can reach no file, network, environment or subprocess), against the learner's stubs or,
 * with an import map that points every stub at its reference, against solutions/. Reads the TAP
 * report into per-task results.
 */
import { type Exercise, EXERCISES, taskPath } from "../../exercises/_kit/catalog.ts";

export const REPO_ROOT = new URL("../../", import.meta.url);

export type Mode = "exercises" | "solutions";

export interface TestResult {
  name: string;
  passed: boolean;
  /** The failure message (first lines of the error), when it failed. */
  message?: string;
}

export interface ExerciseRun {
  exercise: Exercise;
  tests: TestResult[];
  /** Set when the tests could not run at all (type or syntax error, crash, timeout). */
  error?: string;
  ms: number;
}

export interface RunOptions {
  mode?: Mode;
  /** Type-check before running (as plain `deno test` does); false skips it. Default true. */
  check?: boolean;
  /** Kill a run after this long (default 60 s): an infinite loop must not hang the grader. */
  timeoutMs?: number;
  /** Only tests whose name contains this (deno test --filter). */
  filter?: string;
  /** The kit's root (default: this repository); tests point it at a scratch kit. */
  root?: URL;
  /** The child's heap in MB (default HEAP_LIMIT_MB); tests use a small one to run out fast. */
  heapLimitMb?: number;
}

/**
 * The import map of solutions mode: deno.json's imports (a map given on the command line
 * replaces them) plus every stub → its reference, as absolute file URLs (a data: URL has no
 * folder to resolve relative keys against).
 */
export function solutionsImportMap(): string {
  const configUrl = new URL("deno.json", REPO_ROOT);
  const config = JSON.parse(Deno.readTextFileSync(configUrl)) as {
    imports?: Record<string, string>;
  };
  const imports: Record<string, string> = {};
  for (const [key, value] of Object.entries(config.imports ?? {})) {
    imports[key] = value.startsWith(".") ? new URL(value, configUrl).href : value;
  }
  for (const exercise of EXERCISES) {
    for (const task of exercise.tasks) {
      const path = taskPath(exercise, task);
      imports[new URL(`exercises/${path}`, REPO_ROOT).href] =
        new URL(`solutions/${path}`, REPO_ROOT).href;
    }
  }
  return `data:application/json,${encodeURIComponent(JSON.stringify({ imports }))}`;
}

/** The heap each child `deno test` may use: a runaway allocation ends there, in one line. */
export const HEAP_LIMIT_MB = 1024;

/** The arguments of the child `deno test` for some exercise folders. */
export function testArgs(folders: string[], options: RunOptions = {}): string[] {
  const args = [
    "test",
    "--no-prompt",
    "--reporter=tap",
    `--v8-flags=--max-old-space-size=${options.heapLimitMb ?? HEAP_LIMIT_MB}`,
    `--preload=${new URL("guard_preload.ts", import.meta.url).pathname}`,
  ];
  if (options.check === false) args.push("--no-check");
  if (options.mode === "solutions") args.push(`--import-map=${solutionsImportMap()}`);
  if (options.filter) args.push(`--filter=${options.filter}`);
  return [...args, ...folders.map((f) => `exercises/${f}/`)];
}

/** Parses deno's TAP report: `ok N - name` / `not ok N - name`, then a YAML block with JSON. */
export function parseTap(output: string): TestResult[] {
  const results: TestResult[] = [];
  const lines = output.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = lines[i].match(/^(not ok|ok) \d+ - (.*?)(?: # SKIP.*)?$/);
    if (!m) continue;
    const result: TestResult = { name: m[2], passed: m[1] === "ok" };
    if (!result.passed && lines[i + 1]?.trim() === "---") {
      const body = lines[i + 2]?.trim();
      try {
        result.message = (JSON.parse(body) as { message?: string }).message;
      } catch {
        result.message = body;
      }
    }
    results.push(result);
  }
  return results;
}

/**
 * Module loading does not ask for --allow-read: `import s from "/etc/passwd" with { type: "text" }`
 * in a stub would print the file under the permission-less child. So before running, the test
 * files' module graph (deno info, literal dynamic imports included) must stay inside lib/,
 * exercises/ (and solutions/ in solutions mode) or the locked npm packages. Returns one line per
 * module outside, naming the module and who imports it; [] when the graph is clean.
 */
export async function foreignModules(
  folders: string[],
  options: RunOptions = {},
  root: URL = REPO_ROOT,
) {
  const allowed = ["lib/", "exercises/", ...(options.mode === "solutions" ? ["solutions/"] : [])]
    .map((folder) => new URL(folder, root).href);
  const problems: string[] = [];
  for (const folder of folders) {
    const dir = new URL(`exercises/${folder}/`, root);
    for (const entry of Deno.readDirSync(dir)) {
      if (!entry.name.endsWith("_test.ts")) continue;
      const args = ["info", "--json", new URL(entry.name, dir).pathname];
      if (options.mode === "solutions") args.splice(2, 0, `--import-map=${solutionsImportMap()}`);
      // By name, as `deno task grade`'s --allow-run=deno permits: Deno.execPath() is the resolved
      // binary (/usr/lib/node_modules/deno/deno after `npm i -g deno`), which it does not.
      const out = await new Deno.Command("deno", {
        args,
        cwd: root,
        stdin: "null",
        stderr: "null",
      }).output();
      if (!out.success) continue; // a broken graph fails in deno test itself, with its message
      const graph = JSON.parse(new TextDecoder().decode(out.stdout)) as ModuleGraph;
      for (const module of graph.modules) {
        const where = module.specifier;
        const inside = where.startsWith("npm:") || allowed.some((root) => where.startsWith(root));
        if (inside) continue;
        const importer = graph.modules.find((m) =>
          m.dependencies?.some((d) => d.code?.specifier === where || d.type?.specifier === where)
        );
        const from = importer ? importer.specifier.replace(root.href, "") : "?";
        problems.push(`${from} imports ${where}, outside lib/ and exercises/`);
      }
    }
  }
  return [...new Set(problems)];
}

interface ModuleGraph {
  modules: {
    specifier: string;
    dependencies?: { code?: { specifier: string }; type?: { specifier: string } }[];
  }[];
}

/** Runs the tests of several exercises in one child process. */
export async function runTests(folders: string[], options: RunOptions = {}): Promise<{
  tests: TestResult[];
  stdout: string;
  stderr: string;
  code: number;
  timedOut: boolean;
  ms: number;
}> {
  const start = performance.now();
  const foreign = await foreignModules(folders, options, options.root);
  if (foreign.length) {
    return {
      tests: [],
      stdout: "",
      stderr: `refused to run: ${foreign.join("; ")}. The tests run only the course's code: ` +
        "remove that import.",
      code: 1,
      timedOut: false,
      ms: performance.now() - start,
    };
  }
  const { stdout, stderr, code, timedOut } = await runDeno(
    testArgs(folders, options),
    options.root ?? REPO_ROOT,
    options.timeoutMs ?? 60_000,
  );
  return {
    tests: parseTap(stdout),
    stdout,
    stderr,
    code,
    timedOut,
    ms: performance.now() - start,
  };
}

/**
 * Runs `deno <args>` in `cwd`, killed after `timeoutMs`: an endless loop in a learner's code must
 * not hang whoever waits for it (the grader, a --mine build).
 */
export async function runDeno(
  args: string[],
  cwd: URL,
  timeoutMs: number,
): Promise<{ stdout: string; stderr: string; code: number; timedOut: boolean }> {
  const child = new Deno.Command("deno", {
    args,
    cwd,
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
  }, timeoutMs);
  const out = await child.output();
  clearTimeout(timer);
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { stdout: text(out.stdout), stderr: text(out.stderr), code: out.code, timedOut };
}

/** Runs one exercise; a run that produced no test results reports why. */
export async function runExercise(
  exercise: Exercise,
  options: RunOptions = {},
): Promise<ExerciseRun> {
  const run = await runTests([exercise.folder], options);
  const error = run.timedOut
    ? `the tests did not finish within ${(options.timeoutMs ?? 60_000) / 1000} s (an endless loop?)`
    : /out of memory|heap limit/i.test(run.stderr)
    ? `exercise ${exercise.n} used more than ${options.heapLimitMb ?? HEAP_LIMIT_MB} MB of ` +
      "memory (an allocation without end?)"
    : run.tests.length === 0 && run.code !== 0
    ? firstLines(run.stderr || run.stdout, 14)
    : undefined;
  return { exercise, tests: run.tests, error, ms: run.ms };
}

function firstLines(text: string, n: number): string {
  const lines = text.split("\n").filter((l) => l.trim());
  return lines.slice(0, n).join("\n") + (lines.length > n ? "\n…" : "");
}

/** The task id of a test named "task N.M …". */
export function taskOfTest(name: string): string | undefined {
  return name.match(/^task (\d+\.\d+)\b/)?.[1];
}

/** Runs `jobs` with at most `limit` running at once; results in input order. */
export async function pool<T, R>(
  items: T[],
  limit: number,
  job: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await job(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
