/**
 * The grader runs only the course's code: a learner file that imports a file outside lib/ and
 * exercises/ (module loading needs no --allow-read, so the permission-less child would print it)
 * is refused before the tests run, naming the import; and each child's heap is capped.
 */
import assert from "node:assert/strict";
import { foreignModules, HEAP_LIMIT_MB, runExercise, testArgs } from "../../scripts/kit/runner.ts";
import { gradeFromRun } from "../../scripts/kit/grade.ts";
import type { Exercise } from "../../exercises/_kit/catalog.ts";

async function kit(stub: string) {
  const root = await Deno.makeTempDir();
  const secret = `${root}/../secret-${crypto.randomUUID()}.txt`;
  await Deno.writeTextFile(secret, "do not show");
  await Deno.mkdir(`${root}/exercises/01_x`, { recursive: true });
  await Deno.mkdir(`${root}/lib`);
  await Deno.writeTextFile(`${root}/lib/helper.ts`, "export const two = 2;\n");
  await Deno.writeTextFile(
    `${root}/exercises/01_x/x_test.ts`,
    'import { answer } from "./stub.ts";\nDeno.test("task 1.1", () => { answer(); });\n',
  );
  await Deno.writeTextFile(
    `${root}/exercises/01_x/stub.ts`,
    stub.replaceAll("SECRET", await Deno.realPath(secret)),
  );
  return { root: new URL(`file://${await Deno.realPath(root)}/`), secret };
}

Deno.test("grader: imports of files outside lib/ and exercises/ are refused, by both forms", async () => {
  for (
    const stub of [
      'import s from "SECRET" with { type: "text" };\nexport const answer = () => s;\n',
      'export const answer = () => import("SECRET", { with: { type: "text" } });\n',
    ]
  ) {
    const { root, secret } = await kit(stub);
    const problems = await foreignModules(["01_x"], {}, root);
    assert.equal(problems.length, 1, `${stub}: ${problems}`);
    assert.match(problems[0], /exercises\/01_x\/stub\.ts imports file:\/\/.*secret-.*\.txt/);
    // The secret first: its path goes through root/.., which no longer resolves once root is gone.
    await Deno.remove(secret);
    await Deno.remove(new URL(".", root), { recursive: true });
  }
});

Deno.test("grader: the course's own imports pass the check", async () => {
  const { root, secret } = await kit(
    'import { two } from "../../lib/helper.ts";\nexport const answer = () => two;\n',
  );
  assert.deepEqual(await foreignModules(["01_x"], {}, root), []);
  await Deno.remove(secret);
  await Deno.remove(new URL(".", root), { recursive: true });
  // And the real kit: every exercise's graph is clean against the stubs and the solutions.
  const real = ["01_euler", "05_adjoint"];
  assert.deepEqual(await foreignModules(real), []);
  assert.deepEqual(await foreignModules(real, { mode: "solutions" }), []);
});

Deno.test("grader: each child deno test runs with a capped heap", () => {
  assert.ok(testArgs(["01_euler"]).includes(`--v8-flags=--max-old-space-size=${HEAP_LIMIT_MB}`));
});

Deno.test("grader: a module that replaces Deno.test or Math.abs fails instead of passing", async () => {
  const root = await Deno.makeTempDir();
  const stubs = {
    "test_stub.ts": "const o = Deno.test;\n// deno-lint-ignore no-explicit-any\n" +
      "(Deno as any).test = (n: string) => o(n, () => {});\nexport const answer = () => 1;\n",
    "math_stub.ts": "Math.abs = () => 0;\nexport const answer = () => 1;\n",
  };
  for (const [file, source] of Object.entries(stubs)) {
    await Deno.writeTextFile(`${root}/${file}`, source);
    await Deno.writeTextFile(
      `${root}/${file}_test.ts`,
      `import { answer } from "./${file}";\n` +
        'Deno.test("task 1.1", () => { if (answer() !== 2 || Math.abs(-1) !== 1) throw new Error("wrong"); });\n',
    );
  }
  // The grader's own arguments, on these files instead of an exercise folder.
  const args = testArgs([]).filter((a) => a !== "--reporter=tap");
  const { code, stdout } = await new Deno.Command(Deno.execPath(), {
    args: [...args, "--no-check", root],
    stdin: "null",
    stderr: "null",
  }).output();
  const text = new TextDecoder().decode(stdout);
  assert.notEqual(code, 0, text);
  assert.match(text, /0 passed/, text);
  await Deno.remove(root, { recursive: true });
});

Deno.test("grader: the module check runs under `deno task grade`'s own permissions", async () => {
  // The task's flags, read from deno.json: a check that needs more permission than the task
  // grants would crash the grader for every learner who has changed a file.
  const task = JSON.parse(await Deno.readTextFile(new URL("../../deno.json", import.meta.url)))
    .tasks.grade as string;
  const flags = task.split(" ").filter((word) => word.startsWith("--allow-"));
  const runner = new URL("../../scripts/kit/runner.ts", import.meta.url).href;
  const dir = await Deno.makeTempDir();
  const script = `${dir}/check.ts`;
  await Deno.writeTextFile(
    script,
    `import { foreignModules } from "${runner}";\n` +
      `console.log(JSON.stringify(await foreignModules(["01_euler"])));\n`,
  );
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", ...flags, script],
    cwd: new URL("../../", import.meta.url),
    stdin: "null",
  }).output();
  await Deno.remove(dir, { recursive: true });
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  assert.equal(code, 0, text(stderr));
  assert.equal(text(stdout).trim(), "[]");
});

Deno.test("grader: a stub with a type error is not graded done, unless --no-check", async () => {
  // Runs fine (the number is only mistyped), and plain `deno test` refuses it: so must the grader.
  const { root, secret } = await kit(
    'export const answer = (): number => "2" as unknown as number + ("x" as number);\n',
  );
  const exercise: Exercise = {
    n: 1,
    folder: "01_x",
    title: "x",
    summary: "x",
    lectureNumber: 1,
    tasks: [{
      id: "1.1",
      title: "x",
      file: "stub.ts",
      source: "lib/helper.ts",
      section: "",
      contract: [],
      hints: [],
      giveaways: [],
    }],
  };
  const checked = gradeFromRun(await runExercise(exercise, { root }), exercise, "solutions");
  assert.notEqual(checked.status, "done");
  assert.match(checked.error ?? "", /TS2352|not comparable|type/i, checked.error ?? "");
  assert.equal(checked.tasks[0].status, "failing");
  const unchecked = gradeFromRun(
    await runExercise(exercise, { root, check: false }),
    exercise,
    "solutions",
  );
  assert.equal(unchecked.status, "done", unchecked.error ?? "");
  await Deno.remove(secret);
  await Deno.remove(new URL(".", root), { recursive: true });
});

Deno.test("grader: type-checks by default; --no-check is the way out", async () => {
  const source = await Deno.readTextFile(new URL("../../scripts/kit/grade.ts", import.meta.url));
  assert.match(source, /check: !flags\.has\("--no-check"\)/);
  assert.ok(!testArgs(["01_euler"]).includes("--no-check"));
  assert.ok(testArgs(["01_euler"], { check: false }).includes("--no-check"));
});
