import assert from "node:assert/strict";
import { type StepBudget, warmStepsPerSecond } from "../../lib/train/demo_step.ts";

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
