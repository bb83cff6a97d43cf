/**
 * What the exercise tests share: the tfjs backend (cpu: needs no permission and starts fast),
 * comparisons whose failure messages speak the learner's language (which call, which input,
 * expected vs got, the likely cause), and small numerical tools (observed convergence order,
 * finite differences, seeded random tensors).
 */
import * as tf from "@tensorflow/tfjs";

tf.enableProdMode();
if (!(await tf.setBackend("cpu"))) throw new Error("the tfjs cpu backend did not start");

export { tf };

/** Says what a check was about, for its failure message. */
export interface Context {
  /** The call under test, e.g. "eulerStep(f, 0, y, 0.1) with f(t, y) = −y". */
  call: string;
  /** Inputs worth showing (numbers, arrays or tensors). */
  input?: Record<string, unknown>;
  /** What usually causes this failure. */
  likelyCause?: string;
}

export interface Tolerance {
  /** Allowed |got − expected| ≤ atol + rtol·|expected| per element. */
  atol?: number;
  rtol?: number;
}

/** A failed check, with everything a learner needs to see in its message. */
export class ExerciseCheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ExerciseCheckError";
  }
}

/** Numbers in any nesting: a number, an array of them, an array of arrays … */
type Nested = number | readonly Nested[];
type Numeric = tf.Tensor | Float32Array | Nested;

function shapeOf(x: Numeric): number[] {
  if (x instanceof tf.Tensor) return x.shape;
  if (typeof x === "number") return [];
  if (x instanceof Float32Array) return [x.length];
  return x.length > 0 ? [x.length, ...shapeOf(x[0])] : [0];
}

function flat(x: Numeric): number[] {
  if (x instanceof tf.Tensor) return Array.from(x.dataSync());
  if (typeof x === "number") return [x];
  return (x as readonly unknown[]).flat(Infinity as 1) as number[];
}

/** A number with 7 significant digits, without trailing zeros (float32 holds about that many). */
export function formatNumber(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(7))) : String(v);
}

export function formatNumbers(values: readonly number[], max = 8): string {
  const shown = values.slice(0, max).map(formatNumber);
  return `[${shown.join(", ")}${values.length > max ? `, … (${values.length} values)` : ""}]`;
}

function formatValue(v: unknown): string {
  if (v instanceof tf.Tensor) {
    return `tensor of shape [${v.shape.join(", ")}] ${
      v.isDisposed ? "(disposed)" : formatNumbers(flat(v))
    }`;
  }
  if (typeof v === "number") return String(v);
  if (Array.isArray(v) && v.length > 0 && v.every((x) => x instanceof tf.Tensor)) {
    return `${v.length} tensors:\n${v.map((x, i) => `    [${i}] ${formatValue(x)}`).join("\n")}`;
  }
  if (Array.isArray(v) && v.every((x) => typeof x === "number")) return formatNumbers(v);
  if (typeof v === "function") return v.name ? `function ${v.name}` : "a function";
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

const CAUSE = "  likely cause:";

function describe(ctx: Context, lines: string[]): string {
  const out = [ctx.call];
  for (const [k, v] of Object.entries(ctx.input ?? {})) {
    out.push(`  input ${k} = ${formatValue(v)}`);
  }
  out.push(...lines.map((l) => `  ${l}`));
  if (ctx.likelyCause) out.push(`${CAUSE} ${ctx.likelyCause}`);
  return out.join("\n");
}

export function fail(ctx: Context, ...lines: string[]): never {
  throw new ExerciseCheckError(describe(ctx, lines));
}

/** Checks shape and values of `got` against `expected`. */
export function expectClose(
  got: Numeric | undefined,
  expected: Numeric,
  ctx: Context,
  tolerance: Tolerance = {},
): void {
  const { atol = 1e-5, rtol = 1e-4 } = tolerance;
  if (got === undefined || got === null) fail(ctx, "returned nothing (undefined)");
  if (got instanceof tf.Tensor && got.isDisposed) {
    fail(ctx, "returned a tensor that is already disposed", "(return the result, not a freed one)");
  }
  const gotShape = shapeOf(got);
  const wantShape = shapeOf(expected);
  if (gotShape.join() !== wantShape.join()) {
    fail(
      ctx,
      `expected shape [${wantShape.join(", ")}]`,
      `got shape      [${gotShape.join(", ")}]`,
    );
  }
  const a = flat(got);
  const b = flat(expected);
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < b.length; i++) {
    const allowed = atol + rtol * Math.abs(b[i]);
    const diff = Math.abs(a[i] - b[i]);
    const excess = Number.isNaN(a[i]) ? Infinity : diff - allowed;
    if (excess > worstExcess) {
      worst = i;
      worstExcess = excess;
    }
  }
  if (worst >= 0) {
    fail(
      ctx,
      `expected ${formatNumbers(b)}`,
      `got      ${formatNumbers(a)}`,
      `largest mismatch at element ${worst}: expected ${formatNumber(b[worst])}, got ` +
        `${formatNumber(a[worst])} ` +
        `(allowed ±${(atol + rtol * Math.abs(b[worst])).toExponential(1)})`,
    );
  }
}

export function expectTrue(condition: boolean, ctx: Context, ...lines: string[]): void {
  if (!condition) fail(ctx, ...lines);
}

/** Why tensors leak, whatever the check that found the leak was about. */
export const LEAK_CAUSE = "tensors made outside tf.tidy (e.g. a call before or after the tidy, " +
  "or a result kept from one) or never disposed: make them inside one tf.tidy, or dispose " +
  "each one you no longer need";

/** Why a tensor the caller still owns ends up disposed. */
export const DISPOSED_INPUT_CAUSE = "your code disposed a tensor it was given: inputs belong " +
  "to the caller (dispose only what you made; clone an input before disposing the copy)";

/** The tensors among a context's inputs (arrays of tensors included), by name. */
function inputTensors(ctx: Context): [string, tf.Tensor][] {
  const found: [string, tf.Tensor][] = [];
  for (const [name, value] of Object.entries(ctx.input ?? {})) {
    if (value instanceof tf.Tensor) found.push([name, value]);
    else if (Array.isArray(value)) {
      value.forEach((v, i) => {
        if (v instanceof tf.Tensor) found.push([`${name}[${i}]`, v]);
      });
    }
  }
  return found;
}

/**
 * Checks that the caller's tensors are still alive after a call: run it right after the call
 * under test, before anything else reads them (which would fail with tfjs's bare "Tensor is
 * disposed").
 */
export function expectAlive(
  tensors: Record<string, tf.Tensor | readonly tf.Tensor[]>,
  ctx: Context,
): void {
  const dead = inputTensors({ call: "", input: tensors }).filter(([, t]) => t.isDisposed);
  if (dead.length > 0) {
    fail(
      { call: ctx.call, likelyCause: DISPOSED_INPUT_CAUSE },
      `disposed ${dead.map(([name]) => name).join(", ")} (given by the caller)`,
    );
  }
}

/**
 * Runs fn and checks it leaves no tensors behind except the `keep` tensors it returns (count
 * given by `returned`), e.g. intermediates a missing tf.tidy would leak. The tensors among
 * `ctx.input` must still be alive afterwards. A leak or a disposed input is reported with its own
 * likely cause, not the check's (`ctx.likelyCause` is about the values, shown by other checks).
 */
export function expectNoLeak<T>(fn: () => T, returned: (result: T) => number, ctx: Context): T {
  const before = tf.memory().numTensors;
  let result: T;
  try {
    result = fn();
  } catch (e) {
    // tfjs says only "Tensor is disposed." when a freed tensor is used: name the likely reason.
    if (e instanceof Error && /is disposed/i.test(e.message)) {
      fail(
        { ...ctx, likelyCause: `${DISPOSED_INPUT_CAUSE}; or a tensor of yours freed too early` },
        `threw "${e.message}": it used a tensor after it was disposed`,
      );
    }
    throw e;
  }
  expectAlive(Object.fromEntries(inputTensors(ctx)), ctx);
  const leaked = tf.memory().numTensors - before - returned(result);
  if (leaked > 0) {
    fail(
      { ...ctx, likelyCause: LEAK_CAUSE },
      `leaked ${leaked} tensor(s): still allocated after the call, besides the ${
        returned(result)
      } it returns`,
    );
  }
  return result;
}

/**
 * Runs every case and reports all failing ones in one error, so that a learner sees every edge
 * case that still fails in one run (not one per run). A crash that is not a failed check stops at
 * once, with its own stack.
 */
export function expectEvery<T>(
  cases: readonly T[],
  check: (item: T, index: number) => void,
  what = "cases",
): void {
  const failures: string[] = [];
  cases.forEach((item, i) => {
    try {
      check(item, i);
    } catch (e) {
      if (!(e instanceof ExerciseCheckError)) throw e;
      failures.push(e.message);
    }
  });
  if (failures.length === 1) throw new ExerciseCheckError(failures[0]);
  if (failures.length > 1) {
    // One likely cause shared by every failure is said once, at the end.
    const causes = new Set(failures.map((m) => m.split("\n").find((l) => l.startsWith(CAUSE))));
    const [cause] = causes;
    const shared = causes.size === 1 && cause !== undefined;
    const shown = shared ? failures.map((m) => m.replace(`\n${cause}`, "")) : failures;
    throw new ExerciseCheckError(
      `${failures.length} of ${cases.length} ${what} fail:\n` +
        shown.map((m, i) => `(${i + 1}) ${m}`).join("\n") +
        (shared ? `\n${cause.replace(CAUSE, "likely cause (all of them):")}` : ""),
    );
  }
}

/** Slope of log(error) against log(h): the observed order of convergence. */
export function observedOrder(hs: readonly number[], errors: readonly number[]): number {
  const x = hs.map(Math.log);
  const y = errors.map(Math.log);
  const mx = x.reduce((s, v) => s + v, 0) / x.length;
  const my = y.reduce((s, v) => s + v, 0) / y.length;
  let num = 0;
  let den = 0;
  x.forEach((xi, i) => {
    num += (xi - mx) * (y[i] - my);
    den += (xi - mx) ** 2;
  });
  return num / den;
}

/** Central finite difference of a scalar function of several numbers (float64 steps). */
export function finiteDifference(fn: (x: number[]) => number, x: number[], h = 1e-2): number[] {
  return x.map((_, i) => {
    const up = [...x];
    const down = [...x];
    up[i] += h;
    down[i] -= h;
    return (fn(up) - fn(down)) / (2 * h);
  });
}

/** Uniform in [low, high), seeded: the same numbers on every run. */
export function seededTensor(shape: number[], seed: number, low = -1, high = 1): tf.Tensor {
  return tf.randomUniform(shape, low, high, "float32", seed);
}

/** A vector field that counts its evaluations (and the times it was called at). */
export function countingField(f: (t: number, y: tf.Tensor) => tf.Tensor): {
  f: (t: number, y: tf.Tensor) => tf.Tensor;
  calls: number[];
} {
  const calls: number[] = [];
  return {
    calls,
    f: (t, y) => {
      calls.push(t);
      return f(t, y);
    },
  };
}

/** Reads a tensor's values and disposes it. */
export function take(x: tf.Tensor): number[] {
  const values = Array.from(x.dataSync());
  x.dispose();
  return values;
}
