/** The kit's own machinery: source parsing of the generator, TAP parsing and messages of the grader. */
import assert from "node:assert/strict";
import { findRegion, identifiersUsed, parseImports } from "../../scripts/kit/extract.ts";
import { relativePath } from "../../scripts/kit/render.ts";
import { parseTap, taskOfTest } from "../../scripts/kit/runner.ts";
import { cleanMessage } from "../../scripts/kit/grade.ts";

Deno.test("kit tools: identifiersUsed skips comments, strings and property names", () => {
  const code = [
    "// uses hidden in a comment",
    'const s = "notAnIdentifier" + `x ${alsoUsed} y`;',
    "return tf.add(y, a.prop, ...spread, obj?.opt);",
    "/* block */ other",
  ].join("\n");
  const used = identifiersUsed(code);
  for (const name of ["s", "alsoUsed", "tf", "y", "a", "spread", "obj", "other"]) {
    assert.ok(used.has(name), name);
  }
  for (const name of ["uses", "hidden", "notAnIdentifier", "add", "prop", "opt", "block"]) {
    assert.ok(!used.has(name), name);
  }
});

Deno.test("kit tools: parseImports reads namespace, named, typed and multi-line imports", () => {
  const source = [
    'import * as tf from "@tensorflow/tfjs";',
    'import type { A } from "./a.ts";',
    "import {",
    "  b,",
    "  type C,",
    '} from "../c.ts";',
  ].join("\n");
  const [ns, typed, named] = parseImports(source);
  assert.equal(ns.namespace, "tf");
  assert.equal(typed.typeOnly, true);
  assert.deepEqual(typed.named.map((n) => n.local), ["A"]);
  assert.deepEqual(named.named.map((n) => n.text), ["b", "type C"]);
  assert.equal(named.from, "../c.ts");
});

Deno.test("kit tools: findRegion requires one SOLUTION pair inside the EXERCISE block", () => {
  const good = [
    "// EXERCISE 9.1 begin",
    "export function f() {",
    "  // SOLUTION begin",
    "  return 1;",
    "  // SOLUTION end",
    "}",
    "// EXERCISE 9.1 end",
  ].join("\n");
  const region = findRegion("x.ts", good, "9.1");
  assert.equal(region.indent, "  ");
  assert.equal(region.lines[region.solutionBegin + 1], "  return 1;");
  assert.throws(() => findRegion("x.ts", good, "9.2"), /EXERCISE 9.2 begin/);
  assert.throws(
    () => findRegion("x.ts", good.replace("  // SOLUTION end\n", ""), "9.1"),
    /exactly one/,
  );
  assert.equal(relativePath("solutions/01_euler", "lib/ode/solve.ts"), "../../lib/ode/solve.ts");
});

Deno.test("kit tools: parseTap and cleanMessage turn deno's report into learner-sized text", () => {
  const tap = [
    "TAP version 14",
    "ok 1 - task 1.1 first",
    "not ok 2 - task 1.2 second",
    "  ---",
    '  {"message":"ExerciseCheckError: f(x)\\n  expected [1]\\n  got [2]\\n  fail(ctx);\\n' +
    '        ^\\n    at foo (file:///x.ts:1:1)","severity":"fail"}',
    "  ...",
    "1..2",
  ].join("\n");
  const [a, b] = parseTap(tap);
  assert.deepEqual([a.name, a.passed, b.passed], ["task 1.1 first", true, false]);
  assert.equal(taskOfTest(b.name), "1.2");
  assert.equal(cleanMessage(b.message), "ExerciseCheckError: f(x)\n  expected [1]\n  got [2]");
});

Deno.test("kit tools: cleanMessage keeps where a crash happened in the learner's code", () => {
  const crash = [
    "TypeError: Cannot read properties of undefined (reading 'x')",
    "  const q = y.x;",
    "            ^",
    "    at file:///repo/node_modules/.deno/@tensorflow/tfjs/dist/tf.js:10:3",
    "    at eulerStep (file:///repo/exercises/01_euler/euler_step.ts:12:32)",
    "    at file:///repo/exercises/01_euler/euler_test.ts:26:15",
  ].join("\n");
  assert.equal(
    cleanMessage(crash),
    "TypeError: Cannot read properties of undefined (reading 'x')\n" +
      "  at exercises/01_euler/euler_step.ts:12:32",
  );
  // A failed check says what it checked; its frames (the kit's, the test's) are not the learner's.
  const check = "ExerciseCheckError: f(x)\n  got [2]\n    at fail (file:///repo/exercises/" +
    "_kit/testing.ts:1:1)\n    at file:///repo/exercises/01_euler/euler_test.ts:2:2";
  assert.equal(cleanMessage(check), "ExerciseCheckError: f(x)\n  got [2]");
});

Deno.test("kit tools: cleanMessage explains tfjs's bare 'Tensor is disposed'", () => {
  const message = "Error: Tensor is disposed.\n    at f (file:///repo/exercises/05_adjoint/" +
    "adjoint_backward.ts:3:4)";
  const lines = cleanMessage(message).split("\n");
  assert.equal(lines[0], "Error: Tensor is disposed.");
  assert.match(lines[1], /disposed a tensor it was given/);
  assert.equal(lines[2], "  at exercises/05_adjoint/adjoint_backward.ts:3:4");
});
