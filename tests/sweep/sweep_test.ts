/**
 * Running sweeps: a 2×2 grid of tiny anode-toy trials finishes and picks the minimum of its own
 * results file; a sweep stopped after (or during) a trial resumes without rerunning finished
 * trials; failed trials are recorded; the progress table's ETA and best are right.
 */
import assert from "node:assert/strict";
import { gridPlan, parseAxes } from "../../scripts/sweep/plan.ts";
import { readResults, resultsPaths, type SweepResults } from "../../scripts/sweep/results.ts";
import { runSweep, type SweepEvent, type SweepOptions } from "../../scripts/sweep/run.ts";
import {
  allParameters,
  type Settings,
  SweepArgumentError,
  type SweepSpace,
} from "../../scripts/sweep/space.ts";
import { SPACES } from "../../scripts/sweep/spaces/mod.ts";
import { SweepProgress } from "../../scripts/sweep/table.ts";
import { backend } from "../_setup.ts";

const STEPS = 5;

/** The anode-toy space with every runTrial call recorded. */
function countingSpace(): { space: SweepSpace; calls: Settings[] } {
  const base = SPACES["anode-toy"];
  const calls: Settings[] = [];
  const space: SweepSpace = {
    ...base,
    runTrial: (settings, options) => {
      calls.push(settings);
      return base.runTrial(settings, options);
    },
  };
  return { space, calls };
}

function options(space: SweepSpace, outDir: string, extra: Partial<SweepOptions> = {}) {
  const params = allParameters(space, STEPS);
  const axes = parseAxes(params, ["lr=1e-2,3e-2", "width=4,8"], space.model);
  return {
    space,
    params,
    trials: gridPlan(params, axes),
    plan: { kind: "grid" as const, axes },
    seed: 0,
    outDir,
    command: "test",
    backend: backend.name,
    hardware: "test",
    ...extra,
  };
}

/** The results file as written on disk, with its best checked against its own trials. */
async function checkedFile(dir: string): Promise<SweepResults> {
  const file = (await readResults(dir))!;
  const finished = file.trials.filter((t) => t.metric !== null);
  const min = Math.min(...finished.map((t) => t.metric!));
  assert.equal(file.best?.metric, min, "best is the minimum of the file's trials");
  assert.deepEqual(file.best, finished.find((t) => t.metric === min));
  // The CSV holds the same trials and metric values.
  const csv = (await Deno.readTextFile(resultsPaths(dir).csv)).trim().split("\n");
  assert.equal(csv.length, file.trials.length + 1);
  const header = csv[0].split(",");
  const col = header.indexOf(file.metric);
  assert.ok(col > 0, `CSV has a "${file.metric}" column`);
  file.trials.forEach((t, i) => assert.equal(Number(csv[i + 1].split(",")[col]), t.metric));
  return file;
}

Deno.test("sweep: a 2×2 grid of tiny trials finishes; its best is the minimum of its file", async () => {
  const dir = await Deno.makeTempDir({ prefix: "sweep-grid-" });
  try {
    const { space, calls } = countingSpace();
    const results = await runSweep(options(space, dir));
    assert.equal(calls.length, 4);
    const file = await checkedFile(dir);
    assert.deepEqual(file, results);
    assert.equal(file.trials.length, 4);
    assert.deepEqual(file.trials.map((t) => [t.settings.lr, t.settings.width]), [
      [1e-2, 4],
      [1e-2, 8],
      [3e-2, 4],
      [3e-2, 8],
    ]);
    for (const t of file.trials) {
      assert.equal(t.settings.steps, STEPS);
      assert.equal(t.settings.augment, 2);
      assert.ok(Number.isFinite(t.metric) && t.metric! >= 0);
    }
    assert.equal(file.runs.length, 1);
    assert.equal(file.runs[0].status, "complete");
    assert.equal(file.runs[0].trialsRun, 4);
    // A second run of the same command trains nothing.
    await runSweep(options(space, dir));
    assert.equal(calls.length, 4);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("sweep: stopped after trial 1, it resumes without rerunning finished trials", async () => {
  const dir = await Deno.makeTempDir({ prefix: "sweep-resume-" });
  try {
    const { space, calls } = countingSpace();
    const controller = new AbortController();
    const events: SweepEvent["type"][] = [];
    await runSweep(options(space, dir, {
      signal: controller.signal,
      onEvent: (e) => {
        events.push(e.type);
        if (e.type === "trial-done" && e.index === 1) controller.abort();
      },
    }));
    assert.equal(calls.length, 1);
    assert.ok(events.includes("stopped"));
    const interrupted = await checkedFile(dir);
    assert.equal(interrupted.trials.length, 1);
    assert.equal(interrupted.runs[0].status, "interrupted");
    const first = interrupted.trials[0];

    const resumed: number[] = [];
    await runSweep(options(space, dir, {
      onEvent: (e) => e.type === "trial-resumed" && resumed.push(e.index),
    }));
    assert.deepEqual(resumed, [1]);
    assert.equal(calls.length, 4, "3 more trials, not 4");
    assert.ok(!calls.slice(1).some((s) => s.lr === first.settings.lr && s.width === 4));
    const file = await checkedFile(dir);
    assert.equal(file.trials.length, 4);
    assert.deepEqual(file.trials[0], first, "the finished trial is kept as it was");
    assert.deepEqual(file.runs.map((r) => [r.status, r.trialsRun]), [
      ["interrupted", 1],
      ["complete", 3],
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("sweep: a stop inside a trial abandons only that trial", async () => {
  const dir = await Deno.makeTempDir({ prefix: "sweep-within-" });
  try {
    const { space, calls } = countingSpace();
    const controller = new AbortController();
    await runSweep(options(space, dir, {
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === "trial-progress" && e.index === 2 && e.progress.iteration === 2) {
          controller.abort();
        }
      },
    }));
    assert.equal(calls.length, 2);
    const file = (await readResults(dir))!;
    assert.deepEqual(file.trials.map((t) => t.trial), [1], "the half-trained trial 2 is dropped");
    await runSweep(options(space, dir));
    assert.equal(calls.length, 5, "trial 2 is trained again, trial 1 is not");
    assert.equal((await checkedFile(dir)).trials.length, 4);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("sweep: a failing trial is recorded and never picked; other models' files are refused", async () => {
  const dir = await Deno.makeTempDir({ prefix: "sweep-fail-" });
  // A stand-in space: the metric is (x − 3)², and x = 5 fails like a diverged training.
  const space: SweepSpace = {
    model: "quadratic",
    description: "test",
    metric: "loss",
    goal: "min",
    defaultSteps: 1,
    params: [{ name: "x", description: "", type: "int", min: 0, max: 9, default: 0 }],
    runTrial: (s) => {
      if (s.x === 5) return Promise.reject(new Error("training diverged at iteration 0"));
      return Promise.resolve({ loss: ((s.x as number) - 3) ** 2 });
    },
  };
  try {
    const params = allParameters(space);
    const axes = parseAxes(params, ["x=1,4,5"], "quadratic");
    const common = {
      space,
      params,
      trials: gridPlan(params, axes),
      plan: { kind: "grid" as const, axes },
      seed: 0,
      outDir: dir,
      command: "test",
      backend: "cpu",
      hardware: "test",
    };
    const results = await runSweep(common);
    assert.deepEqual(results.trials.map((t) => t.metric), [4, 1, null]);
    assert.match(results.trials[2].error!, /diverged/);
    assert.equal(results.best?.settings.x, 4);
    assert.match(await Deno.readTextFile(resultsPaths(dir).csv), /training diverged/);
    await assert.rejects(
      () => runSweep({ ...common, space: { ...space, model: "other" } }),
      (e: unknown) =>
        e instanceof SweepArgumentError && /holds a sweep of quadratic/.test(e.message),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("sweep table: rows, best, and ETA from finished trials and the running one", () => {
  let now = 0;
  const table = new SweepProgress(["a=1", "a=2", "a=3", "a=4"], "loss", "min", () => now);
  const record = (trial: number, metric: number, seconds: number) => ({
    trial,
    key: "",
    settings: {},
    seed: 0,
    metrics: { loss: metric },
    metric,
    wallTimeSeconds: seconds,
    backend: "cpu",
    finishedAt: "",
  });
  table.update({ type: "trial-resumed", index: 1, total: 4, record: record(1, 0.5, 100) });
  table.update({ type: "trial-start", index: 2, total: 4, settings: {} });
  table.update({ type: "trial-done", index: 2, total: 4, record: record(2, 0.25, 10) });
  table.update({ type: "trial-start", index: 3, total: 4, settings: {} });
  table.update({
    type: "trial-progress",
    index: 3,
    total: 4,
    progress: { iteration: 30, iterations: 100, loss: 1, elapsedMs: 3000, etaMs: 7000 },
  });
  now = 60_000;
  // Resumed trials do not count for the mean (they ran in another session): 7 s + 1 × 10 s.
  assert.equal(table.etaSeconds(), 17);
  const lines = table.lines();
  assert.match(lines[0], /^# +settings +status +loss +time$/);
  assert.match(lines[2], /^2★ +a=2 +done +0\.25 +10s$/);
  assert.match(lines[3], /^3 +a=3 +running 30\/100 +3s$/);
  assert.match(lines[4], /^4 +a=4 +queued$/);
  assert.equal(lines[5], "2/4 trials finished · elapsed 1m00s · ETA 17s · best #2 a=2 → 0.25");
});

Deno.test("sweep: the shipped vae-mnist sweep is complete, records its command, picks its min", async () => {
  const dir = new URL("../../sweeps/vae-mnist/", import.meta.url).pathname;
  const file = await checkedFile(dir);
  assert.equal(file.model, "vae-mnist");
  assert.equal(file.metric, "validation −ELBO/image");
  const run = file.runs.at(-1)!;
  assert.equal(run.status, "complete");
  assert.match(run.command, /^deno task sweep vae-mnist --grid latent=2,8,20 lr=1e-3,3e-3 /);
  // The trials' own times add up to no more than the runs' wall-clock times.
  const runsTime = file.runs.reduce((sum, r) => sum + r.wallTimeSeconds, 0);
  assert.ok(file.wallTimeSeconds > 0 && runsTime >= file.wallTimeSeconds);
  const grid = file.trials.map((t) => `${t.settings.latent}/${t.settings.lr}`).sort();
  assert.deepEqual(grid, ["2/0.001", "2/0.003", "20/0.001", "20/0.003", "8/0.001", "8/0.003"]);
  for (const t of file.trials) assert.ok(typeof t.metrics["test −ELBO/image"] === "number");
});
