/**
 * The grader (`deno task grade`): a progress table of every exercise (done / failing / not
 * started), the next task to do with its first failing check, hints, and a watch mode.
 *
 *   deno task grade                 grade everything; show what to do next
 *   deno task grade 3               exercise 3 only, every test with its failure message
 *   deno task grade 3.2             task 3.2 only
 *   deno task grade --watch         re-grade an exercise whenever one of its files is saved
 *   deno task grade hint 3.2 [K]    how to see hints (`deno task hint 3.2 K`, which counts them)
 *   deno task grade reset 3.2       how to restore a stub (the grader itself never writes)
 *   deno task grade --solutions     grade the reference solutions instead of your files
 *   deno task grade --no-check      skip type-checking (by default the exercises you changed are
 *                                   type-checked as plain `deno test` does; Deno caches the check,
 *                                   so only changed files cost time: ~2–4 s each, once)
 *
 * Permissions: the grader reads the repository and starts `deno`; each exercise's tests run in
 * a child `deno test --no-prompt` with no permission at all. Nothing is written anywhere: the
 * hints used per task ("hints 2/3") are read from the record that `deno task hint` keeps.
 */
import {
  type Exercise,
  EXERCISES,
  findTask,
  LOCAL_SITE,
  type Task,
  taskLecture,
  taskPath,
} from "../../exercises/_kit/catalog.ts";
import { HintsFileError, hintsLabel, type HintsUsed, readHintsUsed } from "./hints_used.ts";
import { renderTask } from "./render.ts";
import {
  type ExerciseRun,
  type Mode,
  pool,
  REPO_ROOT,
  runExercise,
  type RunOptions,
  taskOfTest,
  type TestResult,
} from "./runner.ts";

export type TaskStatus = "done" | "failing" | "todo";
export type ExerciseStatus = "done" | "failing" | "not started" | "error";

export interface TaskGrade {
  task: Task;
  status: TaskStatus;
  tests: TestResult[];
}

export interface ExerciseGrade {
  exercise: Exercise;
  status: ExerciseStatus;
  tasks: TaskGrade[];
  /** Why the tests could not run (type error, syntax error, timeout). */
  error?: string;
  /** Wall time of its test run; undefined when it was not run (nothing started). */
  ms?: number;
}

const readRepoFile = (path: string) => Deno.readTextFileSync(new URL(path, REPO_ROOT));

/** True when the learner's file is still exactly the generated stub. */
export function isPristine(exercise: Exercise, task: Task): boolean {
  try {
    return readRepoFile(`exercises/${taskPath(exercise, task)}`) ===
      renderTask(exercise, task, readRepoFile).stub;
  } catch {
    return false;
  }
}

export function gradeFromRun(
  run: ExerciseRun | undefined,
  exercise: Exercise,
  mode: Mode,
): ExerciseGrade {
  const tasks = exercise.tasks.map((task): TaskGrade => {
    const tests = run?.tests.filter((t) => taskOfTest(t.name) === task.id) ?? [];
    const pristine = mode === "exercises" && isPristine(exercise, task);
    const status: TaskStatus = pristine
      ? "todo"
      : tests.length > 0 && tests.every((t) => t.passed)
      ? "done"
      : "failing";
    return { task, status, tests };
  });
  const status: ExerciseStatus = run?.error
    ? "error"
    : tasks.every((t) => t.status === "done")
    ? "done"
    : tasks.every((t) => t.status === "todo")
    ? "not started"
    : "failing";
  return { exercise, status, tasks, error: run?.error, ms: run?.ms };
}

/** Grades exercises, running tests only where something was started (or in solutions mode). */
export async function gradeAll(
  exercises: Exercise[],
  options: RunOptions & { concurrency?: number; runUntouched?: boolean } = {},
): Promise<ExerciseGrade[]> {
  const mode = options.mode ?? "exercises";
  const concurrency = options.concurrency ?? Math.max(2, navigator.hardwareConcurrency ?? 2);
  return await pool(exercises, concurrency, async (exercise) => {
    const untouched = mode === "exercises" && !options.runUntouched &&
      exercise.tasks.every((t) => isPristine(exercise, t));
    const run = untouched ? undefined : await runExercise(exercise, options);
    return gradeFromRun(run, exercise, mode);
  });
}

// ---------------------------------------------------------------------------------------------
// Printing

const MARK: Record<TaskStatus, string> = { done: "✔", failing: "✘", todo: "·" };

function pad(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - [...text].length));
}

function statusText(g: ExerciseGrade): string {
  if (g.status !== "failing") return g.status;
  return `failing ${g.tasks.filter((t) => t.status === "done").length}/${g.tasks.length}`;
}

/** "3.2 ✔" and, when hints were used, " (hints 2/3)". */
function taskCell(t: TaskGrade, used: HintsUsed): string {
  const hints = hintsLabel(used, t.task);
  return `${t.task.id} ${MARK[t.status]}${hints ? ` (${hints})` : ""}`;
}

export function table(grades: ExerciseGrade[], used: HintsUsed = {}): string {
  const titleWidth = Math.max(...grades.map((g) => [...g.exercise.title].length), 8);
  const lines = [`  #  ${pad("exercise", titleWidth)}  ${pad("status", 13)}  tasks`];
  for (const g of grades) {
    const tasks = g.tasks.map((t) => taskCell(t, used)).join("  ");
    lines.push(
      ` ${String(g.exercise.n).padStart(2, "0")}  ${pad(g.exercise.title, titleWidth)}  ` +
        `${pad(statusText(g), 13)}  ${tasks}`,
    );
  }
  return lines.join("\n");
}

/**
 * A failure message without the source excerpt, stack frames and escape codes, except for a
 * crash (an error that is not a failed check): there the first stack frame in the learner's code
 * (under exercises/ or solutions/, outside the kit and the tests) stays, as `at file:line:column`,
 * so that the learner sees where it happened.
 */
export function cleanMessage(message = "", max = 16): string {
  // deno-lint-ignore no-control-regex
  const raw = message.replace(/\x1b\[[0-9;]*m/g, "").split("\n");
  // Deno appends the throwing source line and a caret line under it, then the stack.
  const caret = raw.findIndex((l) => /^\s*\^+\s*$/.test(l));
  const kept = (caret > 0 ? raw.slice(0, caret - 1) : raw)
    .filter((l) => !/^\s*at /.test(l) && l.trim() !== "");
  const where = /^ExerciseCheckError\b/.test(raw[0] ?? "") ? undefined : learnerFrame(raw);
  const shown = kept.slice(0, max);
  if (where) shown.splice(Math.min(shown.length, 1), 0, `  at ${where}`);
  if (/Tensor is disposed/i.test(raw[0] ?? "")) shown.splice(1, 0, DISPOSED_HINT);
  return shown.join("\n") + (kept.length > max ? "\n…" : "");
}

/** tfjs says only "Tensor is disposed" when a freed tensor is used; the usual reasons. */
const DISPOSED_HINT = "  (a tensor was used after it was disposed: the code disposed a tensor it " +
  "was given, which belongs to the caller, or one of its own that it still needed)";

/** The first stack frame in the learner's files, as a repository-relative path:line:column. */
function learnerFrame(lines: string[]): string | undefined {
  for (const line of lines) {
    const m = line.match(
      /^\s*at .*?(?:file:\/\/)?[^\s(]*?\/((?:exercises|solutions)\/[^\s()]+:\d+:\d+)/,
    );
    if (m && !m[1].includes("/_kit/") && !/_test\.ts:/.test(m[1])) return m[1];
  }
  return undefined;
}

/** Wraps prose at `width` columns, continuing lines with `prefix`. */
export function wrap(text: string, width: number, prefix: string): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && [...line].length + 1 + [...word].length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.join(`\n${prefix}`);
}

function indent(text: string, prefix: string): string {
  return text.split("\n").map((l) => prefix + l).join("\n");
}

export function nextStep(grades: ExerciseGrade[], mode: Mode, used: HintsUsed = {}): string {
  const g = grades.find((x) => x.status !== "done");
  if (!g) {
    return mode === "solutions"
      ? "Every reference solution passes its tests."
      : "Every exercise passes its tests. Well done!";
  }
  const folder = `exercises/${g.exercise.folder}`;
  if (g.status === "error") {
    return [
      `Next: exercise ${g.exercise.n} — its tests could not run:`,
      indent(cleanMessage(g.error, 14), "  "),
      `  (run \`deno test ${folder}/\` for the full output)`,
    ].join("\n");
  }
  const t = g.tasks.find((x) => x.status !== "done")!;
  const lines = [
    `Next: task ${t.task.id} ${t.task.title}`,
    `  file     ${folder}/${t.task.file}`,
    `  lecture  ${LOCAL_SITE}${taskLecture(g.exercise, t.task)}`,
  ];
  if (t.status !== "todo") {
    const failed = t.tests.filter((x) => !x.passed);
    if (failed.length === 0) lines.push("  no test ran for this task (check the test file loads)");
    else {
      lines.push(
        `  failing  ${failed.length} of ${t.tests.length} checks, first: ${failed[0].name}`,
      );
      lines.push(indent(cleanMessage(failed[0].message, 24), "           "));
    }
  }
  const n = used[t.task.id] ?? 0;
  const total = t.task.hints.length;
  lines.push(
    n < total
      ? `  hints    ${n}/${total} used; \`deno task hint ${t.task.id} ${n + 1}\` when you want ` +
        (n ? "the next" : "one")
      : `  hints    ${n}/${total} used (all; \`deno task hint ${t.task.id}\` shows them again)`,
    `  more     deno task grade ${g.exercise.n} (every check)`,
  );
  return lines.join("\n");
}

/** Every test of the given exercises with ✔/✘ and the failure messages. */
export function details(grades: ExerciseGrade[], only?: string, used: HintsUsed = {}): string {
  const out: string[] = [];
  for (const g of grades) {
    out.push(`${String(g.exercise.n).padStart(2, "0")} ${g.exercise.title}: ${statusText(g)}`);
    if (g.error) out.push(indent(cleanMessage(g.error, 30), "   "));
    for (const t of g.tasks.filter((x) => !only || x.task.id === only)) {
      const hints = hintsLabel(used, t.task);
      out.push(`  ${t.task.id} ${MARK[t.status]} ${t.task.title}${hints ? ` · ${hints}` : ""}`);
      if (t.status === "todo") {
        out.push(`      not started: edit exercises/${taskPath(g.exercise, t.task)}`);
        continue;
      }
      for (const test of t.tests) {
        out.push(`      ${test.passed ? "✔" : "✘"} ${test.name}`);
        if (!test.passed) out.push(indent(cleanMessage(test.message, 40), "          "));
      }
    }
  }
  return out.join("\n");
}

// ---------------------------------------------------------------------------------------------
// Command line

function usage(): string {
  return "usage: deno task grade [N | N.M] [--watch] [--solutions] [--no-check] | reset N.M " +
    "(hints: deno task hint N.M [K])";
}

/**
 * The hints used per task, from `deno task hint`'s record; a record that cannot be read is said
 * in one line and shown as no hints used (grading goes on).
 */
export function loadHintsUsed(mode: Mode): HintsUsed {
  if (mode === "solutions") return {};
  try {
    return readHintsUsed(REPO_ROOT);
  } catch (error) {
    if (!(error instanceof HintsFileError)) throw error;
    console.log(`note: ${error.message} (hints used are not shown)\n`);
    return {};
  }
}

async function report(
  exercises: Exercise[],
  options: RunOptions,
  only: { task?: string; detail: boolean },
): Promise<ExerciseGrade[]> {
  const start = performance.now();
  const grades = await gradeAll(exercises, options);
  const seconds = ((performance.now() - start) / 1000).toFixed(1);
  const mode = options.mode ?? "exercises";
  const what = mode === "solutions" ? "reference solutions" : "your code";
  console.log(
    `Exercise kit — ${what}, graded in ${seconds} s${
      options.check === false ? " (not type-checked: --no-check)" : " (type-checked)"
    }\n`,
  );
  const used = loadHintsUsed(mode);
  console.log(table(grades, used));
  console.log();
  console.log(only.detail ? details(grades, only.task, used) : nextStep(grades, mode, used));
  return grades;
}

async function watch(options: RunOptions): Promise<void> {
  let grades = await report(EXERCISES, options, { detail: false });
  console.log("\nWatching exercises/ — save a file to re-grade it (Ctrl-C to stop).");
  const pending = new Set<Exercise>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  for await (const event of Deno.watchFs(new URL("exercises/", REPO_ROOT).pathname)) {
    for (const path of event.paths) {
      const all = path.includes("/_kit/");
      for (const e of EXERCISES) {
        if (all || path.includes(`/exercises/${e.folder}/`)) pending.add(e);
      }
    }
    if (!pending.size) continue;
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const changed = [...pending];
      pending.clear();
      const fresh = await gradeAll(changed, options);
      grades = grades.map((g) => fresh.find((f) => f.exercise === g.exercise) ?? g);
      if (Deno.stdout.isTerminal()) console.log("\x1b[2J\x1b[H");
      console.log(
        `Re-graded ${changed.map((e) => e.n).join(", ")} at ${new Date().toLocaleTimeString()}\n`,
      );
      const used = loadHintsUsed(options.mode ?? "exercises");
      console.log(table(grades, used));
      console.log();
      console.log(nextStep(grades, options.mode ?? "exercises", used));
    }, 250);
  }
}

if (import.meta.main) {
  const args = Deno.args.filter((a) => !a.startsWith("--"));
  const flags = new Set(Deno.args.filter((a) => a.startsWith("--")));
  const options: RunOptions = {
    mode: flags.has("--solutions") ? "solutions" : "exercises",
    // A type error fails plain `deno test`, so it must not be graded ✔: check by default.
    check: !flags.has("--no-check"),
  };
  const known = ["--solutions", "--check", "--no-check", "--watch"];
  const unknown = [...flags].filter((f) => !known.includes(f));
  if (unknown.length) {
    console.error(`unknown option ${unknown.join(", ")}\n${usage()}`);
    Deno.exit(2);
  }
  if (args[0] === "hint") {
    // The grader writes nothing, so it cannot count hints: the hint task shows and counts them.
    console.log(
      "Hints have their own task, which records that you used them (the grader shows hints " +
        `used per task):\n  deno task hint ${args.slice(1).join(" ") || "N.M [K]"}`,
    );
  } else if (args[0] === "reset") {
    const found = findTask(args[1] ?? "");
    console.log(
      found
        ? `The grader only reads files, so it cannot reset one. To restore the stub of task ` +
          `${args[1]} (your changes to exercises/${taskPath(found.exercise, found.task)} are ` +
          `lost; you are asked first), run:\n  deno task kit:reset ${args[1]}`
        : `No task "${args[1] ?? ""}". ${usage()}`,
    );
  } else if (flags.has("--watch")) {
    await watch(options);
  } else if (args[0]) {
    const [n, m] = args[0].split(".");
    const exercise = EXERCISES.find((e) => e.n === Number(n));
    if (!exercise || (m && !findTask(args[0]))) {
      console.error(`No exercise or task "${args[0]}". ${usage()}`);
      Deno.exit(2);
    }
    const grades = await report([exercise], options, {
      detail: true,
      task: m ? args[0] : undefined,
    });
    Deno.exit(grades.every((g) => g.status === "done") ? 0 : 1);
  } else {
    const grades = await report(EXERCISES, options, { detail: false });
    Deno.exit(grades.every((g) => g.status === "done") ? 0 : 1);
  }
}
