/**
 * A damaged weights/manifest.json is refused in one line that names the file, what is wrong and
 * the fix — by the reader every script uses, and by `deno task evaluate` end to end.
 */
import assert from "node:assert/strict";
import { manifestProblem, readManifest } from "../../scripts/weights_manifest.ts";

const root = new URL("../../", import.meta.url);
const shipped = JSON.parse(await Deno.readTextFile(new URL("weights/manifest.json", root)));

Deno.test("the shipped manifest has the structure the scripts read", () => {
  assert.equal(manifestProblem(shipped), undefined);
});

Deno.test("readManifest: every kind of damage is one line naming the file and the problem", async () => {
  const [name] = Object.keys(shipped.models);
  const entry = shipped.models[name];
  const cases: [string, RegExp][] = [
    ['{"models": {', /not valid JSON/],
    ["[]", /top level must be an object/],
    ['{"description": "x"}', /`models` is missing or not an object/],
    [JSON.stringify({ models: { [name]: 3 } }), new RegExp(`models\\.${name} is not an object`)],
    [
      JSON.stringify({ models: { [name]: { ...entry, files: undefined } } }),
      new RegExp(`models\\.${name}\\.files is missing`),
    ],
    [
      JSON.stringify({ models: { [name]: { ...entry, files: { "a.bin": "xyz" } } } }),
      /files\["a\.bin"\] is not a sha256 hex digest/,
    ],
  ];
  const dir = await Deno.makeTempDir();
  try {
    for (const [text, problem] of cases) {
      const file = `${dir}/manifest.json`;
      await Deno.writeTextFile(file, text);
      const error = await readManifest(new URL(`file://${file}`)).then(
        () => assert.fail(`accepted ${text.slice(0, 60)}`),
        (e: Error) => e,
      );
      assert.doesNotMatch(error.message, /\n/);
      assert.ok(error.message.startsWith(`${file}: `), error.message);
      assert.match(error.message, problem);
      assert.match(error.message, /Fix: restore it with `git checkout weights\/manifest\.json`/);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("evaluate: a manifest it cannot read is one 'error:' line and exit code 1", async () => {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      "--deny-read=weights/manifest.json",
      "--allow-env",
      "scripts/evaluate.ts",
      "--fast",
    ],
    cwd: root,
    stdin: "null",
  }).output();
  const err = new TextDecoder().decode(stderr).trim();
  assert.equal(code, 1, err);
  assert.equal(new TextDecoder().decode(stdout), "");
  assert.equal(err.split("\n").length, 1, err);
  assert.match(err, /^error: weights\/manifest\.json: cannot be read \(.*\)\. Fix: restore it/);
});
