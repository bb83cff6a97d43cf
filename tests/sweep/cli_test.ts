/**
 * The sweep command as a user runs it: bad names and values are refused with the valid ones,
 * and a sweep interrupted by Ctrl-C (SIGINT) keeps its finished trials and resumes.
 */
import assert from "node:assert/strict";
import { readResults } from "../../scripts/sweep/results.ts";

const script = new URL("../../scripts/sweep.ts", import.meta.url).pathname;

function sweep(args: string[], outDir = "/tmp") {
  return new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      "--allow-env",
      `--allow-write=${outDir}`,
      script,
      ...args,
    ],
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  });
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

Deno.test("sweep CLI: unknown model, hyperparameter or value → exit 2 and the valid ones", async () => {
  // Four independent runs: started together (each loads Deno and tfjs for a few seconds).
  const [model, name, value, both] = await Promise.all(
    [
      ["resnet", "--grid", "lr=1"],
      ["anode-toy", "--grid", "depth=1,2"],
      ["anode-toy", "--grid", "augment=1,9"],
      ["anode-toy", "--grid", "--random", "3", "lr=1e-3,1e-2"],
    ].map((args) => sweep(args).output()),
  );
  assert.equal(model.code, 2);
  assert.match(text(model.stderr), /unknown model "resnet". Valid models: vae-mnist, node-vdp/);

  assert.equal(name.code, 2);
  const err = text(name.stderr);
  assert.match(err, /unknown hyperparameter "depth" for anode-toy/);
  for (const p of ["lr", "width", "augment", "steps"]) assert.match(err, new RegExp(`\\n  ${p} `));

  assert.equal(value.code, 2);
  assert.match(text(value.stderr), /augment=9 is not valid: augment is int in \[0, 8\]/);

  assert.equal(both.code, 2);
  assert.match(text(both.stderr), /exactly one of --grid and --random/);
});

Deno.test("sweep CLI: Ctrl-C keeps finished trials; the same command resumes and finishes", async () => {
  const dir = await Deno.makeTempDir({ prefix: "sweep-cli-" });
  const args = [
    "anode-toy",
    "--grid",
    "width=4,8",
    "--steps",
    "100",
    "--backend",
    "cpu",
    "--out",
    dir,
  ];
  try {
    const child = sweep(args, dir).spawn();
    // Interrupt as soon as the first trial is in the results file.
    for (let i = 0; i < 600; i++) {
      const r = await readResults(dir).catch(() => undefined);
      if (r && r.trials.length >= 1) break;
      await new Promise((ok) => setTimeout(ok, 100));
    }
    child.kill("SIGINT");
    const first = await child.output();
    const out = text(first.stdout);
    assert.equal(first.code, 130, text(first.stderr));
    assert.match(out, /interrupted: run the same command again to resume/);
    const stopped = (await readResults(dir))!;
    assert.equal(stopped.trials.length, 1);
    assert.equal(stopped.runs[0].status, "interrupted");

    const second = await sweep(args, dir).output();
    assert.equal(second.code, 0, text(second.stderr));
    const done = (await readResults(dir))!;
    assert.equal(done.trials.length, 2);
    assert.deepEqual(done.trials[0], stopped.trials[0]);
    assert.deepEqual(done.runs.map((r) => r.trialsRun), [1, 1]);
    const best = done.trials.reduce((a, b) => (b.metric! < a.metric! ? b : a));
    assert.match(
      text(second.stdout),
      new RegExp(`best by validation MSE \\(lower is better\\): trial ${best.trial}: `),
    );
    assert.match(text(second.stderr), /resumed/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
