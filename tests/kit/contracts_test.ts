/**
 * Stubs ask, hints tell. A stub's doc comment is its task's contract from the catalogue (what goes
 * in and out, what must hold, the lecture section), and neither the stub nor the TodoError its
 * tests print contains a piece of the answer: none of the task's `giveaways` (formula fragments,
 * constants, key calls) and no clause of its hints. The lib doc comment, which may state the
 * formula, stays in lib/ only.
 */
import assert from "node:assert/strict";
import { EXERCISES, type Task, TASKS } from "../../exercises/_kit/catalog.ts";
import { TodoError } from "../../exercises/_kit/todo.ts";
import { findRegion } from "../../scripts/kit/extract.ts";
import { readRepoFile } from "../../scripts/kit/generate.ts";
import { renderTask } from "../../scripts/kit/render.ts";

/** Source text as prose: comment markers gone and whitespace collapsed, so wrapping is ignored. */
function prose(text: string): string {
  return text.split("\n")
    .map((line) => line.replace(/^\s*(\/\/|\/\*\*|\*\/|\*)\s?/, ""))
    .join(" ")
    .replace(/\s+/g, " ");
}

/** The clauses of a task's hints long enough to be part of an answer, not a common phrase. */
function hintClauses(task: Task): string[] {
  return task.hints
    .flatMap((hint) => hint.split(/(?<=[.;:])\s+/))
    .map((clause) => clause.replace(/[.;:]$/, "").trim())
    .filter((clause) => clause.length >= 28);
}

/** What a stub's text gives away of its task's answer: giveaways and hint clauses found in it. */
export function giveawaysIn(text: string, task: Task): string[] {
  const plain = prose(text);
  return [
    ...task.giveaways.filter((g) => plain.includes(g)),
    ...hintClauses(task).filter((clause) => plain.includes(clause)).map((c) => `hint: ${c}`),
  ];
}

/** The doc comment of a task's lib region: the lines from its first `/**` to the next `*\/`. */
function libDoc(task: Task): string {
  const region = findRegion(task.source, readRepoFile(task.source), task.id);
  const start = region.lines.findIndex((l) => /^\s*\/\*\*/.test(l));
  const end = region.lines.findIndex((l, i) => i >= start && /\*\/\s*$/.test(l));
  return region.lines.slice(start, end + 1).join("\n");
}

const stubs = EXERCISES.flatMap((exercise) =>
  exercise.tasks.map((task) => ({ task, stub: renderTask(exercise, task, readRepoFile).stub }))
);

Deno.test("kit: no stub or TodoError contains its task's hints or giveaways", () => {
  const found = stubs.flatMap(({ task, stub }) => [
    ...giveawaysIn(stub, task).map((g) => `${task.id} stub: ${g}`),
    ...giveawaysIn(new TodoError(task.id).message, task).map((g) => `${task.id} TodoError: ${g}`),
  ]);
  assert.deepEqual(found, [], "move the recipe into the hints; the stub states the contract");
});

Deno.test("kit: each stub's doc is its contract and the lecture section, not the lib's doc", () => {
  const wrong = stubs.flatMap(({ task, stub }) => {
    const plain = prose(stub);
    const problems = task.contract.filter((p) => !plain.includes(prose(p)))
      .map((p) => `${task.id}: contract paragraph missing: ${p.slice(0, 40)}…`);
    if (!plain.includes(`#${task.section}`)) problems.push(`${task.id}: no lecture section`);
    if (plain.includes(prose(libDoc(task)))) problems.push(`${task.id}: the lib doc is copied`);
    return problems;
  });
  assert.deepEqual(wrong, []);
});

Deno.test("kit: every task has a contract, giveaways from its answer, and three hints", () => {
  const wrong = TASKS.flatMap((task) => {
    const answer = prose(`${task.hints.join(" ")} ${libDoc(task)}`);
    return [
      ...(task.contract.length ? [] : [`${task.id}: no contract`]),
      ...(task.giveaways.length ? [] : [`${task.id}: no giveaways`]),
      // Hint 1 the idea, hint 2 the equation, hint 3 nearly the code.
      ...(task.hints.length === 3 ? [] : [`${task.id}: ${task.hints.length} hints, not 3`]),
      // A giveaway that is nowhere in the answer guards nothing.
      ...task.giveaways.filter((g) => !answer.includes(g)).map((g) =>
        `${task.id}: giveaway "${g}" is in neither its hints nor its lib doc`
      ),
    ];
  });
  assert.deepEqual(wrong, []);
});

Deno.test("kit: the giveaway check catches a stub that copies the lib doc or a hint", () => {
  const { task, stub } = stubs.find((s) => s.task.id === "3.3")!;
  assert.deepEqual(giveawaysIn(stub, task), []);
  // The stub as it was before contracts: the lib's doc comment (the whole controller formula).
  const withLibDoc = stub.replace(/\/\*\*[\s\S]*?\*\//, libDoc(task));
  assert.ok(giveawaysIn(withLibDoc, task).includes("0.9·r^(−1/order)"));
  // A TODO line that repeats hint 2, wrapped as the generator wraps comments.
  const withHint = stub.replace(
    "// TODO(3.3):",
    `// ${task.hints[1].replace(/(.{60}\S*) /, "$1\n  // ")}\n  // TODO(3.3):`,
  );
  assert.ok(giveawaysIn(withHint, task).length > 0);
});
