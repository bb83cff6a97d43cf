import assert from "node:assert/strict";
import { warmStepsPerSecond } from "../../lib/train/demo_step.ts";

const counter = () => {
  const c = { calls: 0, step: () => Promise.resolve(c.calls++) };
  return c;
};

Deno.test("warmStepsPerSecond runs its warm-up steps untimed, then times the budget's steps", async () => {
  const c = counter();
  const timed = await warmStepsPerSecond(c.step, {
    steps: 5,
    ms: 60_000,
    warmupSteps: 3,
    warmupMs: 60_000,
  });
  assert.equal(c.calls, 8);
  assert.equal(timed.steps, 5);
  assert.ok(timed.stepsPerSecond > 0);
});

Deno.test("warmStepsPerSecond: a spent warm-up time ends the warm-up; one step is always timed", async () => {
  const c = counter();
  const timed = await warmStepsPerSecond(c.step, {
    steps: 10,
    ms: 0,
    warmupSteps: 100,
    warmupMs: 0,
  });
  assert.equal(timed.steps, 1);
  assert.equal(c.calls, 1);
});
