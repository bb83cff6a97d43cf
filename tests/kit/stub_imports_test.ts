/**
 * A stub must not lead its learner to an answer. Go-to-definition on anything a stub imports lands
 * in the lib file that defines it; when that file holds a kit task's reference (an EXERCISE
 * region), the learner reads an answer, or must read between answers to learn a type's fields.
 *
 * The rule: every name a stub imports from lib/ comes from a module with no EXERCISE region,
 * except the functions of other kit tasks that the task calls (the library's version, e.g. 1.2's
 * default step is 1.1's eulerStep): those are the point of building on earlier tasks, and the
 * stub must say so, naming the task ("task 1.1"), so the learner knows whose code runs.
 */
import assert from "node:assert/strict";
import { EXERCISES, taskPath } from "../../exercises/_kit/catalog.ts";
import { parseImports } from "../../scripts/kit/extract.ts";

const ROOT = new URL("../../", import.meta.url);

/** The function each kit task writes, by lib file: name → task id. */
function taskFunctions(): Map<string, Map<string, string>> {
  const byFile = new Map<string, Map<string, string>>();
  for (const e of EXERCISES) {
    for (const t of e.tasks) {
      const source = Deno.readTextFileSync(new URL(t.source, ROOT)).split("\n");
      const begin = source.findIndex((l) => l.trim().startsWith(`// EXERCISE ${t.id} begin`));
      const name = source.slice(begin).map((l) =>
        l.match(/^export\s+(?:async\s+)?(?:function|const|class)\s+([\w$]+)/)?.[1]
      ).find(Boolean);
      if (!name) continue;
      if (!byFile.has(t.source)) byFile.set(t.source, new Map());
      byFile.get(t.source)!.set(name, t.id);
    }
  }
  return byFile;
}

function resolve(fromFile: string, spec: string): string {
  const parts = fromFile.split("/").slice(0, -1);
  for (const piece of spec.split("/")) {
    if (piece === "..") parts.pop();
    else if (piece !== ".") parts.push(piece);
  }
  return parts.join("/");
}

/** Every import of every stub that breaks the rule, as a line naming stub, name and module. */
export function answerBearingImports(
  read = (p: string) => Deno.readTextFileSync(new URL(p, ROOT)),
) {
  const functions = taskFunctions();
  const problems: string[] = [];
  for (const e of EXERCISES) {
    for (const t of e.tasks) {
      const stubPath = `exercises/${taskPath(e, t)}`;
      const stub = read(stubPath);
      for (const statement of parseImports(stub)) {
        if (!statement.from.startsWith(".")) continue;
        const target = resolve(stubPath, statement.from);
        if (!target.startsWith("lib/")) continue;
        const source = read(target);
        if (!/^\s*\/\/ EXERCISE \S+ begin/m.test(source)) continue;
        const names = [
          ...(statement.namespace ? [`* as ${statement.namespace}`] : []),
          ...(statement.defaultName ? [statement.defaultName] : []),
          ...statement.named.map((b) => b.text.replace(/^type\s+/, "").split(" ")[0]),
        ];
        for (const name of names) {
          const owner = functions.get(target)?.get(name);
          if (owner && owner !== t.id) {
            if (!new RegExp(`task ${owner.replace(".", "\\.")}\\b`).test(stub)) {
              problems.push(
                `${stubPath} calls ${name} (task ${owner}) without saying so: name "task ${owner}"`,
              );
            }
            continue;
          }
          problems.push(
            `${stubPath} imports ${name} from ${target}, which holds answers (` +
              [...source.matchAll(/\/\/ EXERCISE (\S+) begin/g)].map((m) => m[1]).join(", ") +
              `): move it to a module without EXERCISE regions`,
          );
        }
      }
    }
  }
  return problems;
}

Deno.test("kit: stubs import nothing from lib files that hold answers, but earlier tasks' functions", () => {
  const problems = answerBearingImports();
  assert.deepEqual(problems, [], `\n${problems.join("\n")}`);
});

Deno.test("kit: the stub-import rule sees a type taken from between two answers", () => {
  const files: Record<string, string> = {
    "exercises/01_euler/euler_step.ts": 'import { x } from "../../lib/clean.ts";\n',
    "lib/clean.ts": "export const x = 1;\n",
  };
  for (const e of EXERCISES) {
    for (const t of e.tasks) files[`exercises/${taskPath(e, t)}`] ??= "";
  }
  files["exercises/01_euler/fixed_grid_solve.ts"] =
    'import { eulerStep, type StepFunction } from "../../lib/ode/plain/fixed_grid.ts";\n';
  const read = (p: string) => files[p] ?? Deno.readTextFileSync(new URL(p, ROOT));
  const problems = answerBearingImports(read);
  assert.equal(problems.length, 2, problems.join("\n"));
  assert.match(problems[0], /calls eulerStep \(task 1\.1\) without saying so/);
  assert.match(problems[1], /imports StepFunction from lib\/ode\/plain\/fixed_grid\.ts/);
});
