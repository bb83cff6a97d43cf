/**
 * The record of the hints a learner has asked for: exercises/.hints-used.json, e.g.
 * { "3.2": 2 } (the highest hint shown, per task). Only `deno task hint` writes it (that file is
 * its one write permission); the grader reads it to show "hints 2/3" per task. Git-ignored: it is
 * the learner's, like their code, and `kit:reset` leaves it alone (a hint read stays read).
 */
import { findTask, type Task, TASKS } from "../../exercises/_kit/catalog.ts";

/** Repository-relative path of the record (deno.json's hint task may write this file only). */
export const HINTS_FILE = "exercises/.hints-used.json";

/** Hints used per task id. */
export type HintsUsed = Record<string, number>;

/** The record cannot be read: the message is one line naming the file, the problem and the fix. */
export class HintsFileError extends Error {
  constructor(problem: string) {
    super(`${HINTS_FILE} ${problem}: fix it, or delete it to start counting again`);
    this.name = "HintsFileError";
  }
}

/** Parses the record's text; tasks no longer in the catalogue are dropped. */
export function parseHintsUsed(text: string): HintsUsed {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new HintsFileError(`is not valid JSON (${why})`);
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new HintsFileError('is not an object of hints used per task, like { "3.2": 2 }');
  }
  const used: HintsUsed = {};
  for (const [id, count] of Object.entries(data)) {
    const found = findTask(id);
    if (!found) continue; // a task renamed or removed since
    const most = found.task.hints.length;
    if (typeof count !== "number" || !Number.isInteger(count) || count < 0 || count > most) {
      throw new HintsFileError(
        `says task ${id} used ${JSON.stringify(count)} hints (a whole number 0–${most} expected)`,
      );
    }
    if (count > 0) used[id] = count;
  }
  return used;
}

/** Reads the record under `root`; no file means no hint used yet. */
export function readHintsUsed(root: URL): HintsUsed {
  let text: string;
  try {
    text = Deno.readTextFileSync(new URL(HINTS_FILE, root));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return {};
    throw error;
  }
  return parseHintsUsed(text);
}

/** The record after hints 1 … shown of task `id` were shown: a count never goes down. */
export function recordHints(used: HintsUsed, id: string, shown: number): HintsUsed {
  return { ...used, [id]: Math.max(used[id] ?? 0, shown) };
}

/** The record's text, tasks in catalogue order. */
export function serializeHintsUsed(used: HintsUsed): string {
  const ordered = Object.fromEntries(
    TASKS.filter((t) => (used[t.id] ?? 0) > 0).map((t) => [t.id, used[t.id]]),
  );
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

/** "hints 2/3" for a task that used hints; "" for one that used none. */
export function hintsLabel(used: HintsUsed, task: Task): string {
  const n = used[task.id] ?? 0;
  return n > 0 ? `hints ${n}/${task.hints.length}` : "";
}
