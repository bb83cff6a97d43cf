/**
 * `deno task train` never loses the shipped weights: every bad argument is refused in one line
 * (exit code 2) before any work, and a run that misses its targets writes to weights/.candidates/.
 * The runs below get no permission to write the shipped files, so a regression fails here instead
 * of overwriting them.
 */
import assert from "node:assert/strict";
import { writeFilesAtomically } from "../../scripts/atomic_write.ts";

const root = new URL("../../", import.meta.url);

async function train(args: string[], allowWrite?: string) {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      "--allow-env",
      ...(allowWrite ? [`--allow-write=${allowWrite}`] : []),
      "scripts/train.ts",
      ...args,
    ],
    cwd: root,
    stdin: "null",
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code, stdout: text(stdout), stderr: text(stderr) };
}

const shipped = () => Deno.readTextFile(new URL("weights/manifest.json", root));

Deno.test("train: every bad argument is one 'error:' line and exit code 2, before any work", async () => {
  const before = await shipped();
  const cases: [string[], RegExp][] = [
    [["anode-toy", "--steps", "abc"], /--steps must be a positive integer, got "abc"/],
    [["anode-toy", "--steps", "0"], /--steps must be a positive integer/],
    [["anode-toy", "--steps", "-5"], /ambiguous.*'--steps=-XYZ'/],
    [["anode-toy", "--steps=-5"], /--steps must be a positive integer, got "-5"/],
    [["anode-toy", "--steps", "1.5"], /--steps must be a positive integer/],
    [["anode-toy", "--seed", "abc"], /--seed must be an integer ≥ 0/],
    [["anode-toy", "--backend", "gpu"], /--backend must be one of wasm, cpu/],
    [["anode-toy", "--stepz", "3"], /Unknown option '--stepz'/],
    [["no-such-model"], /unknown model no-such-model/],
    [[], /name a model, or pass --all/],
  ];
  for (const [args, message] of cases) {
    const { code, stderr } = await train(args);
    assert.equal(code, 2, `train ${args.join(" ")}: exit ${code}\n${stderr}`);
    const first = stderr.split("\n")[0];
    assert.match(first, /^error: /, `train ${args.join(" ")}: ${stderr}`);
    assert.match(first, message);
    assert.doesNotMatch(stderr, /^\s+at /m, `a stack trace for train ${args.join(" ")}`);
  }
  assert.equal(await shipped(), before);
});

Deno.test("train: a run that misses its targets goes to weights/.candidates, the shipped files untouched", async () => {
  const candidates = new URL("weights/.candidates/anode-toy/", root);
  const started = new Date();
  const before = await shipped();
  const bin = await Deno.readFile(new URL("weights/anode-toy/anode-toy.bin", root));
  // One step cannot reach the ANODE's MSE target; writing is allowed in .candidates only.
  const { code, stderr } = await train(["anode-toy", "--steps", "1"], "weights/.candidates");
  assert.equal(code, 1, stderr);
  assert.match(stderr, /MISSED TARGETS/);
  assert.match(stderr, /the shipped weights are untouched/);
  for (const file of ["anode-toy.json", "anode-toy.bin", "entry.json"]) {
    assert.ok((await Deno.stat(new URL(file, candidates))).isFile, `no candidate ${file}`);
  }
  const entry = JSON.parse(await Deno.readTextFile(new URL("entry.json", candidates)));
  assert.equal(entry.steps, 1);
  // Written by this run (the tests may not delete the folder: they write only under /tmp).
  assert.ok(new Date(entry.trainedAt) >= started, `a stale candidate from ${entry.trainedAt}`);
  assert.equal(await shipped(), before);
  assert.deepEqual(await Deno.readFile(new URL("weights/anode-toy/anode-toy.bin", root)), bin);
});

Deno.test("writeFilesAtomically: a failure before the renames leaves every target as it was", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/a.json`, "old a");
  await Deno.writeTextFile(`${dir}/manifest.json`, "old manifest");
  // The second file's folder does not exist: its temporary file cannot be written.
  await assert.rejects(() =>
    writeFilesAtomically([
      [`${dir}/a.json`, "new a"],
      [`${dir}/missing/b.bin`, new Uint8Array([1, 2, 3])],
      [`${dir}/manifest.json`, "new manifest"],
    ])
  );
  assert.equal(await Deno.readTextFile(`${dir}/a.json`), "old a");
  assert.equal(await Deno.readTextFile(`${dir}/manifest.json`), "old manifest");
  const left = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
  assert.deepEqual(left, ["a.json", "manifest.json"], "temporary files left behind");
  await writeFilesAtomically([[`${dir}/a.json`, "new a"], [`${dir}/manifest.json`, "new"]]);
  assert.equal(await Deno.readTextFile(`${dir}/a.json`), "new a");
  await Deno.remove(dir, { recursive: true });
});
