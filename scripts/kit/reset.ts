/**
 * `deno task kit:reset N.M` (or `N` for every task of exercise N): restores learners' stubs to
 * their generated form after asking. The only kit command that writes, and only to exercises/
 * (the task grants --allow-write=exercises and nothing else).
 */
import { EXERCISES, findTask, type Task, taskPath } from "../../exercises/_kit/catalog.ts";
import { renderTask } from "./render.ts";
import { REPO_ROOT } from "./runner.ts";

const read = (path: string) => Deno.readTextFileSync(new URL(path, REPO_ROOT));

function targets(arg: string): { exercise: (typeof EXERCISES)[number]; task: Task }[] {
  const found = findTask(arg);
  if (found) return [found];
  const exercise = EXERCISES.find((e) => String(e.n) === arg || e.n === Number(arg));
  return exercise ? exercise.tasks.map((task) => ({ exercise, task })) : [];
}

if (import.meta.main) {
  const yes = Deno.args.includes("--yes");
  const arg = Deno.args.find((a) => !a.startsWith("--"));
  const list = arg ? targets(arg) : [];
  if (!list.length) {
    console.error("usage: deno task kit:reset N.M   (or N: every task of exercise N) [--yes]");
    Deno.exit(2);
  }
  let changed = 0;
  for (const { exercise, task } of list) {
    const path = `exercises/${taskPath(exercise, task)}`;
    const stub = renderTask(exercise, task, read).stub;
    let current: string | undefined;
    try {
      current = read(path);
    } catch { /* missing: restore it */ }
    if (current === stub) {
      console.log(`${path}: already the original stub`);
      continue;
    }
    const lines = current === undefined ? 0 : current.split("\n").length;
    const question = current === undefined
      ? `Restore the missing ${path}?`
      : `Replace ${path} (${lines} lines, your work) with the original stub of task ${task.id}?`;
    if (!yes && !confirm(question)) {
      console.log(`${path}: kept`);
      continue;
    }
    Deno.writeTextFileSync(new URL(path, REPO_ROOT), stub);
    console.log(`${path}: restored`);
    changed++;
  }
  if (changed) console.log("Run `deno task grade` to see where you stand.");
}
