import assert from "node:assert/strict";
import { tf } from "../_setup.ts";
import { measureStep, type StepBudget, warmStepsPerSecond } from "../../lib/train/demo_step.ts";

const CASES: { name: string; budget: StepBudget; calls: number; timed: number }[] = [
  {
    name: "runs its warm-up steps untimed, then times the budget's steps",
    budget: { steps: 5, ms: 60_000, warmupSteps: 3, warmupMs: 60_000 },
    calls: 8,
    timed: 5,
  },
  {
    name: "a spent warm-up time ends the warm-up; one step is always timed",
    budget: { steps: 10, ms: 0, warmupSteps: 100, warmupMs: 0 },
    calls: 1,
    timed: 1,
  },
];

for (const c of CASES) {
  Deno.test(`warmStepsPerSecond ${c.name}`, async () => {
    let calls = 0;
    const result = await warmStepsPerSecond(() => Promise.resolve(calls++), c.budget);
    assert.equal(calls, c.calls, "steps run in all");
    assert.equal(result.steps, c.timed, "steps timed");
    assert.ok(result.stepsPerSecond > 0);
  });
}

Deno.test("measureStep profiles only its last step, after the timed ones, and counts its kernels", async () => {
  const profiled: boolean[] = [];
  const engine = tf.engine() as unknown as { state: { profiling: boolean } };
  const step = () => {
    profiled.push(engine.state.profiling);
    tf.tidy(() => tf.add(tf.mul(tf.scalar(2), tf.scalar(3)), tf.scalar(1)));
    return Promise.resolve();
  };
  const result = await measureStep(step, { steps: 4, ms: 60_000, warmupSteps: 2 });
  // The page's timed steps once followed a profiled one and Deno's did not (lecture 7's bench).
  assert.deepEqual(profiled, [false, false, false, false, false, false, true]);
  assert.equal(result.steps, 4);
  assert.equal(result.kernels, 2, "Multiply and Add (scalars are not kernels)");
});
