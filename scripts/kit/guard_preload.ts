/**
 * Loaded by the grader before any test file (deno test --preload): fixes the globals a learner's
 * module could otherwise replace to pass tests it does not pass — `Deno.test` (skipping every
 * test body) and the numeric built-ins the tests compare with (`Math.abs`, `Number.isFinite`).
 * An assignment to them then throws where it is written, and the exercise fails with that error.
 */
Object.defineProperty(Deno, "test", { value: Deno.test, writable: false, configurable: false });
Object.freeze(Math);
Object.freeze(Number);
