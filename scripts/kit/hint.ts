/**
 * `deno task hint N.M [K]`: shows hints 1 … K of task N.M and records that they were used, so
 * that the grader's table can say "hints 2/3". Hints are a choice: nothing shows hint K + 1
 * until the learner asks for it. Without K it shows the hints already used (at least the first).
 *
 * Its one write permission (deno.json) is exercises/.hints-used.json; the grader stays read-only.
 */
import {
  EXERCISES,
  findTask,
  LOCAL_SITE,
  taskLecture,
  taskPath,
} from "../../exercises/_kit/catalog.ts";
import { wrap } from "./grade.ts";
import {
  HINTS_FILE,
  HintsFileError,
  type HintsUsed,
  readHintsUsed,
  recordHints,
  serializeHintsUsed,
} from "./hints_used.ts";
import { REPO_ROOT } from "./runner.ts";

const USAGE = "usage: deno task hint N.M [K]   (hints 1 … K of task N.M; K defaults to the " +
  "hints you have already used, at least 1)";

/** Hints 1 … shown of a task, with where to go next. */
export function showHints(id: string, shown: number): string {
  const { exercise, task } = findTask(id)!;
  const lines = [
    `Task ${task.id} ${task.title}`,
    `  lecture ${LOCAL_SITE}${taskLecture(exercise, task)}`,
  ];
  task.hints.slice(0, shown).forEach((h, i) =>
    lines.push(`  hint ${i + 1}: ${wrap(h, 90, "          ")}`)
  );
  lines.push(
    shown < task.hints.length
      ? `  (hints ${shown}/${task.hints.length} used; the next, when you want it: ` +
        `deno task hint ${task.id} ${shown + 1})`
      : `  (all ${task.hints.length} hints used; the reference is solutions/` +
        `${taskPath(exercise, task)})`,
  );
  return lines.join("\n");
}

/** How many hints to show for `deno task hint id [k]`, or why not. */
export function hintsToShow(
  used: HintsUsed,
  id: string,
  k: string | undefined,
): number | { error: string } {
  const found = findTask(id);
  if (!found) {
    return {
      error: `No task "${id}". Tasks: ${
        EXERCISES.flatMap((e) => e.tasks.map((t) => t.id)).join(", ")
      }`,
    };
  }
  const most = found.task.hints.length;
  if (k === undefined) return Math.max(1, used[id] ?? 0);
  const n = Number(k);
  if (!Number.isInteger(n) || n < 1 || n > most) {
    return { error: `task ${id} has hints 1 … ${most}; got "${k}". ${USAGE}` };
  }
  return n;
}

if (import.meta.main) {
  const [id, k, ...rest] = Deno.args;
  if (!id || rest.length) {
    console.error(USAGE);
    Deno.exit(2);
  }
  let used: HintsUsed;
  try {
    used = readHintsUsed(REPO_ROOT);
  } catch (error) {
    if (!(error instanceof HintsFileError)) throw error;
    console.error(error.message);
    Deno.exit(1);
  }
  const shown = hintsToShow(used, id, k);
  if (typeof shown !== "number") {
    console.error(shown.error);
    Deno.exit(2);
  }
  const after = recordHints(used, id, shown);
  if (after[id] !== used[id]) {
    Deno.writeTextFileSync(new URL(HINTS_FILE, REPO_ROOT), serializeHintsUsed(after));
  }
  console.log(showHints(id, shown));
}
