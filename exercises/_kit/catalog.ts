/**
 * The exercise kit's catalogue: every exercise, in teaching order, with its tasks. A task is one
 * function the learner writes; its reference is a region of a lib/ file marked
 *   // EXERCISE N.M begin … // SOLUTION begin … // SOLUTION end … // EXERCISE N.M end
 * from which `deno task kit:generate` writes solutions/NN_topic/<file> (the function verbatim)
 * and exercises/NN_topic/<file> (the SOLUTION part replaced by a TodoError, the lib doc comment
 * by the task's contract). Tests are written by hand beside the stubs, named `task N.M …`.
 *
 * A stub asks, the hints tell: the contract says what goes in and comes out and what must hold,
 * never the formula or the algorithm; those are the hints, in three steps (the idea, the
 * equation, nearly the code), shown only when the learner asks (`deno task hint N.M K`).
 * tests/kit/contracts_test.ts fails when a stub or its TodoError contains a hint or a giveaway.
 *
 * Plain data, read by the generator and the grader (scripts/kit/), the site's exercise pages,
 * and the stubs' TodoError. That last reader runs inside a learner's `deno test` with no
 * permission at all, which is why the hints are strings here and not Markdown files to read:
 * the generator writes them out as each exercise's HINTS.md.
 */
import { LECTURE_PAGES } from "./lectures.ts";

export { LECTURE_PAGES };

export interface Task {
  /** "N.M": exercise N, task M. */
  id: string;
  /** The function the learner writes, and what it computes (one line, no formula). */
  title: string;
  /** File name inside the exercise folder (stub and solution). */
  file: string;
  /** The lib file holding the reference region `EXERCISE <id>`. */
  source: string;
  /** Anchor of the section of the exercise's lecture that teaches it (a heading id). */
  section: string;
  /**
   * The stub's doc comment, one paragraph per entry: what goes in and comes out (shapes, units),
   * what must hold (disposal, what stays the caller's, edge cases). Not the formula, not the
   * algorithm: the lib doc comment may state them, the stub does not.
   */
  contract: string[];
  /** Hint 1 the idea, hint 2 the equation, hint 3 nearly the code; shown one at a time. */
  hints: string[];
  /**
   * Pieces of the answer (formula fragments, constants, key calls) that the stub and its
   * TodoError must not contain; each appears in the hints or the lib doc comment.
   */
  giveaways: string[];
}

export interface Exercise {
  n: number;
  /** Folder under exercises/ and solutions/, e.g. "01_euler". */
  folder: string;
  title: string;
  /** One sentence: what the learner builds and why. */
  summary: string;
  /** Lecture number (the site's lectures 0–8). */
  lectureNumber: number;
  tasks: Task[];
}

/** Where `deno task start` serves the site, for clickable links in the terminal. */
export const LOCAL_SITE = "http://127.0.0.1:4321";

export const EXERCISES: Exercise[] = [
  {
    n: 0,
    folder: "00_tfjs_basics",
    title: "Warm-up: TensorFlow.js tensors, tf.tidy and leaks",
    summary: "One small function to meet tfjs the way every later test checks it: the values " +
      "right, and no tensor left behind.",
    lectureNumber: 0,
    tasks: [
      {
        id: "0.1",
        title: "meanSquaredError: the mean squared error as a scalar, without leaking tensors",
        file: "mean_squared_error.ts",
        source: "lib/models/mse.ts",
        section: "tensorflowjs-for-pytorch-users",
        contract: [
          "pred and target: float32 tensors of the same shape (any rank). Returns the mean " +
          "squared error of pred against target over every element, as a new scalar tensor.",
          "Leaves nothing behind: after the call the only new tensor is the scalar returned. " +
          "pred and target belong to the caller, who may use them again: do not dispose them.",
        ],
        hints: [
          "Three tfjs operations in a row compute it, but each makes a new tensor that nothing " +
          "frees (tfjs has no garbage collector for tensor memory). tf.tidy(() => …) frees every " +
          "tensor made inside except the one returned.",
          "MSE = mean over all elements of (pred − target)²: tf.sub, then tf.square, then tf.mean.",
          "return tf.tidy(() => tf.mean(tf.square(tf.sub(pred, target))) as tf.Scalar);",
        ],
        giveaways: ["mean((pred − target)²)", "(pred − target)²", "tf.square(tf.sub"],
      },
    ],
  },
  {
    n: 1,
    folder: "01_euler",
    title: "Euler step and a fixed-grid integrator",
    summary: "The simplest ODE solver: follow the tangent for a step, then repeat along a grid.",
    lectureNumber: 1,
    tasks: [
      {
        id: "1.1",
        title: "eulerStep: one explicit Euler step",
        file: "euler_step.ts",
        source: "lib/ode/plain/fixed_grid.ts",
        section: "eulers-method",
        contract: [
          "f(t, y) is the vector field of dy/dt = f(t, y): it returns a new tensor shaped like y. " +
          "t is the current time, y the state at t (any shape, float32), h the step size in the " +
          "same units as t (negative: a step backward in time).",
          "Returns the explicit Euler approximation of the state at t + h, a new tensor shaped " +
          "like y. Calls f exactly once. y stays the caller's; nothing else is left behind.",
        ],
        hints: [
          "Euler follows the tangent: over a short time the state moves by the time elapsed " +
          "times its rate of change at the start of the step.",
          "y(t + h) ≈ y + h·f(t, y); tf.add and tf.mul accept a plain number for h.",
          "One line inside a tidy: return tf.tidy(() => tf.add(y, tf.mul(h, f(t, y))));",
        ],
        giveaways: ["y + h·f(t, y)", "tf.mul(h, f(t, y))"],
      },
      {
        id: "1.2",
        title: "fixedGridSolve: solve along a grid of times and stack the states",
        file: "fixed_grid_solve.ts",
        source: "lib/ode/plain/fixed_grid.ts",
        section: "eulers-method",
        contract: [
          "Solves dy/dt = f(t, y) from y(t[0]) = y0 over the grid t (T ≥ 1 times, strictly " +
          "increasing or strictly decreasing) with the one-step method `step` (a StepFunction: " +
          "(f, t, y, h) → the state at t + h; eulerStep by default).",
          "Returns the states at every grid time stacked, [T, ...y0.shape]; row 0 equals y0. " +
          "Calls step exactly T − 1 times (the tests record each call). y0 stays the caller's; " +
          "only the returned tensor is left.",
        ],
        hints: [
          "March along the grid: each new state comes from the previous one by one step over " +
          "the next grid interval; stack the list of states at the end.",
          "y_0 = y0 and y_i = step(f, t[i−1], y_{i−1}, t[i] − t[i−1]) for i = 1 … T−1; the step " +
          "comes out negative on a decreasing grid, which goes backward in time with no special " +
          "case.",
          "Inside tf.tidy: const states = [y0]; for (let i = 1; i < t.length; i++) " +
          "states.push(step(f, t[i - 1], states[i - 1], t[i] - t[i - 1])); return " +
          "tf.stack(states);",
        ],
        giveaways: ["y_{i+1} = step(", "step(f, t[i−1]", "states[i - 1]"],
      },
    ],
  },
  {
    n: 2,
    folder: "02_runge_kutta",
    title: "A Butcher-tableau Runge–Kutta stepper",
    summary: "One stepper for every explicit method: midpoint, Heun and RK4 are just tableaux.",
    lectureNumber: 1,
    tasks: [
      {
        id: "2.1",
        title: "rkStages: the stages of one explicit Runge–Kutta step",
        file: "rk_stages.ts",
        source: "lib/ode/plain/runge_kutta.ts",
        section: "rungekutta-methods-and-butcher-tableaux",
        contract: [
          "tableau: an explicit Butcher tableau with s stages (ButcherTableau: nodes c, the " +
          "lower-triangular rows a — row i has one entry per earlier stage — and weights b); y: " +
          "the state at time t; h: the step size. Returns the s stage derivatives [k_1, …, k_s] " +
          "of one step, new tensors shaped like y (k_1 is k1 itself when k1 is given).",
          "k1, when given, is f(t, y) already computed (first-same-as-last pairs reuse the " +
          "previous step's last stage): f is then called s − 1 times, otherwise s times (the " +
          "tests count). Entries of a may be zero or negative. The caller disposes the stages; " +
          "nothing else is left behind.",
        ],
        hints: [
          "Each stage is f at a trial point inside the step: a time given by the stage's node, " +
          "and a state that starts from y and moves along the earlier stages, weighted by the " +
          "stage's row of a.",
          "k_1 = f(t, y); k_i = f(t + c_i·h, y + h·Σ_{j<i} a_ij·k_j) for i = 2 … s.",
          "Inside tf.tidy: const k = [k1 ?? f(t, y)]; for (let i = 1; i < c.length; i++) { let " +
          "yi = y; for (let j = 0; j < i; j++) yi = tf.add(yi, tf.mul(h * a[i][j], k[j])); " +
          "k.push(f(t + c[i] * h, yi)); } return k;",
        ],
        giveaways: ["t + c_i·h", "Σ_{j<i} a_ij·k_j", "h * a[i][j]"],
      },
      {
        id: "2.2",
        title: "rungeKuttaStep: one explicit Runge–Kutta step with any tableau",
        file: "runge_kutta_step.ts",
        source: "lib/ode/plain/runge_kutta.ts",
        section: "rungekutta-methods-and-butcher-tableaux",
        contract: [
          "One step of the explicit Runge–Kutta method `tableau` from the state y at time t " +
          "with step size h (negative: backward in time). Returns the approximate state at " +
          "t + h, a new tensor shaped like y. Midpoint, Heun, RK4 … differ only in their tableau.",
          "Uses the library's rkStages (task 2.1), so f is called s times. Every weight in b " +
          "counts, zero or negative. y stays the caller's; only the result is left (the stages " +
          "are freed).",
        ],
        hints: [
          "The step moves y along a weighted combination of the stage slopes; the weights are " +
          "the tableau's b.",
          "y(t + h) ≈ y + h·Σ_i b_i·k_i with k = rkStages(f, tableau, t, y, h).",
          "Inside tf.tidy: const k = rkStages(f, tableau, t, y, h); let y1 = y; " +
          "tableau.b.forEach((bi, i) => { y1 = tf.add(y1, tf.mul(h * bi, k[i])); }); return y1;",
        ],
        giveaways: ["Σ_i b_i·k_i", "tf.mul(h * bi"],
      },
    ],
  },
  {
    n: 3,
    folder: "03_adaptive_step",
    title: "The adaptive dopri5 step",
    summary:
      "An embedded pair estimates its own error; the step is accepted or rejected and the next " +
      "step size follows from the error ratio.",
    lectureNumber: 1,
    tasks: [
      {
        id: "3.1",
        title: "embeddedStep: the solution y1 and the error estimate err from the same stages",
        file: "embedded_step.ts",
        source: "lib/ode/plain/adaptive_step.ts",
        section: "adaptive-steps-dormandprince-dopri5",
        contract: [
          "y: the state at the start of a step of size h; k: the step's stages (as rkStages " +
          "returns them) for a tableau with error weights e, which the tableau stores as the " +
          "difference between its solution weights and the embedded lower-order weights. " +
          "Returns { y1, err }: the solution at the end of the step and the local error " +
          "estimate, two new tensors shaped like y.",
          "No new evaluation of f. A tableau without e throws (done for you). y and the stages " +
          "stay the caller's; nothing else is left behind.",
        ],
        hints: [
          "Both results are weighted sums of the same stages: one with the solution weights, " +
          "one with the error weights.",
          "y1 = y + h·Σ b_i·k_i and err = h·Σ e_i·k_i (e = b − b̂ is already in the tableau).",
          "Inside one tf.tidy: let y1 = y; let err = tf.zerosLike(y); k.forEach((ki, i) => { " +
          "y1 = tf.add(y1, tf.mul(h * tableau.b[i], ki)); err = tf.add(err, tf.mul(h * e[i], " +
          "ki)); }); return { y1, err };",
        ],
        giveaways: ["h·Σ e_i·k_i", "tf.mul(h * e[i]"],
      },
      {
        id: "3.2",
        title: "errorRatio: the step's error relative to the tolerances, as one number",
        file: "error_ratio.ts",
        source: "lib/ode/plain/adaptive_step.ts",
        section: "adaptive-steps-dormandprince-dopri5",
        contract: [
          "err: a step's error estimate; y0 and y1: the states at the start and the end of the " +
          "step (the same shape as err, batch rows included); rtol and atol: the relative and " +
          "absolute tolerances (≥ 0, not both 0). Returns one plain number ≥ 0 for the whole " +
          "tensor (one controller for every batch row): how large err is against what the " +
          "tolerances allow, where 1 means exactly at the tolerance and ≤ 1 accurate enough " +
          "(torchdiffeq's rule).",
          "Reads that one number from the device and leaves no tensor behind; the inputs stay " +
          "the caller's.",
        ],
        hints: [
          "Scale each element of the error by what the tolerances allow there: the absolute " +
          "tolerance plus the relative one times the larger of the two states' sizes there. " +
          "Then take one norm over all elements.",
          "ratio = RMS over all elements of err / (atol + rtol·max(|y0|, |y1|)), where RMS(x) = " +
          "sqrt(mean(x²)).",
          "const r = tf.tidy(() => tf.sqrt(tf.mean(tf.square(tf.div(err, tf.add(atol, " +
          "tf.mul(rtol, tf.maximum(tf.abs(y0), tf.abs(y1)))))))); const value = " +
          "r.dataSync()[0]; r.dispose(); return value;",
        ],
        giveaways: ["atol + rtol·max(|y0|, |y1|)", "tf.maximum(tf.abs(y0)", "RMS"],
      },
      {
        id: "3.3",
        title: "nextStepSize: the step size to try next, from the error ratio",
        file: "next_step_size.ts",
        source: "lib/ode/step_control.ts",
        section: "adaptive-steps-dormandprince-dopri5",
        contract: [
          "dt: the step size just tried; ratio: that step's error ratio (≥ 0, 1 = exactly at " +
          "the tolerance; Infinity or NaN when the trial step overflowed); order: the order of " +
          "the method's error estimate. Returns the step size to try next, a plain number with " +
          "the sign and units of dt.",
          "Must hold: after a step with ratio < 1 the step never shrinks; no step grows by more " +
          "than a factor MAX_GROWTH or shrinks by more than a factor MAX_SHRINK (both imported, " +
          "with SAFETY); a zero ratio grows by the largest factor, a non-finite ratio shrinks by " +
          "the largest factor.",
        ],
        hints: [
          "The local error of a step of order p scales like h^(p+1): from the ratio, predict the " +
          "step that would just meet the tolerance, aim a little under it (SAFETY), and clip " +
          "the change so that one odd step cannot make the step size explode or collapse.",
          "factor = SAFETY·ratio^(−1/order) (SAFETY = 0.9), clipped to at most MAX_GROWTH and " +
          "at least MAX_SHRINK — or at least 1 when ratio < 1; next = dt·factor.",
          "if (ratio === 0) return dt * MAX_GROWTH; if (!Number.isFinite(ratio)) return dt * " +
          "MAX_SHRINK; return dt * Math.min(MAX_GROWTH, Math.max(SAFETY * ratio ** (-1 / " +
          "order), ratio < 1 ? 1 : MAX_SHRINK));",
        ],
        giveaways: ["0.9·r^(−1/order)", "^(−1/order)", "r < 1 ? 1 : 0.2", "ratio ** (-1"],
      },
      {
        id: "3.4",
        title: "adaptiveStep: one trial step, accept or reject, and the next step size",
        file: "adaptive_step.ts",
        source: "lib/ode/plain/adaptive_step.ts",
        section: "adaptive-steps-dormandprince-dopri5",
        contract: [
          "One trial step of an embedded pair (e.g. DOPRI5) from the state y at time t with " +
          "step size h; f0 = f(t, y) is already known (the previous step's last stage, for " +
          "first-same-as-last pairs); tol holds rtol and atol. Returns a TrialStep: accepted " +
          "(true when the error ratio is ≤ 1, the boundary included, as in torchdiffeq), the " +
          "ratio, hNext (the step size to try next, whether accepted or not), y1 (the solution " +
          "at t + h) and the stages k, with k[0] the f0 given.",
          "Costs s − 1 evaluations of f (6 for dopri5; the tests count). It calls the library's " +
          "functions of tasks 2.1, 3.1, 3.2 and 3.3. Leaves behind only y1 and k[1 …] (the " +
          "caller keeps or disposes them); y and f0 stay the caller's.",
        ],
        hints: [
          "Chain the four pieces you have written: the stages (the first one is given), the " +
          "solution with its error estimate, the error ratio, then the decision and the next " +
          "step size.",
          "k = rkStages(f, tableau, t, y, h, f0); { y1, err } = embeddedStep(y, k, tableau, h); " +
          "ratio = errorRatio(err, y, y1, tol.rtol, tol.atol); hNext = nextStepSize(h, ratio, " +
          "tableau.order).",
          "Dispose err once the ratio is read (it is the one tensor nobody keeps), then return " +
          "{ accepted: ratio <= 1, ratio, hNext: nextStepSize(h, ratio, tableau.order), y1, k }.",
        ],
        giveaways: ["rkStages(f, tableau, t, y, h, f0)", "errorRatio(err, y, y1"],
      },
    ],
  },
  {
    n: 4,
    folder: "04_dense_output",
    title: "Dense output at requested times",
    summary:
      "An adaptive solver steps where it likes; the solution at the times you asked for comes " +
      "from an interpolant inside each accepted step.",
    lectureNumber: 1,
    tasks: [
      {
        id: "4.1",
        title: "hermiteInterpolate: the cubic through both ends' values and slopes",
        file: "hermite_interpolate.ts",
        source: "lib/ode/plain/dense_output.ts",
        section: "dense-output",
        contract: [
          "The cubic Hermite interpolant of one step of size h: the cubic polynomial in x = " +
          "(t − t0)/h ∈ [0, 1] with value y0 and slope f0 at x = 0 and value y1 and slope f1 at " +
          "x = 1, the slopes being per unit of time (dy/dt, as the vector field gives them). " +
          "Returns its value at x, a new tensor shaped like y0.",
          "Exact for cubic polynomials; from exact ends and slopes its error inside a step " +
          "shrinks as h⁴: third order as ODE methods count (order p: local error O(h^(p+1))). " +
          "The four tensors stay the caller's; only the result is left.",
        ],
        hints: [
          "Write the cubic as a weighted sum of the four data: one basis cubic per datum, each " +
          "equal to 1 for its own datum (a value or a slope at one end) and 0 for the other " +
          "three. A slope in t is h times a slope in x.",
          "y(x) = (2x³ − 3x² + 1)·y0 + h·(x³ − 2x² + x)·f0 + (3x² − 2x³)·y1 + h·(x³ − x²)·f1.",
          "Compute the four weights as plain numbers first (x2 = x * x, x3 = x2 * x), then " +
          "return tf.tidy(() => tf.addN([tf.mul(2 * x3 - 3 * x2 + 1, y0), tf.mul(h * (x3 - 2 * " +
          "x2 + x), f0), tf.mul(3 * x2 - 2 * x3, y1), tf.mul(h * (x3 - x2), f1)]));",
        ],
        giveaways: ["2x³ − 3x² + 1", "x³ − 2x² + x", "3x² − 2x³", "2 * x3 - 3 * x2"],
      },
      {
        id: "4.2",
        title: "denseOutputAt: the solution at each requested time from the accepted steps",
        file: "dense_output_at.ts",
        source: "lib/ode/plain/dense_output.ts",
        section: "dense-output",
        contract: [
          "steps: the accepted steps of one solve (DenseStep: t0 and h, the values y0, y1 and " +
          "the slopes f0, f1 at both ends), sorted, each starting where the previous one ended. " +
          "times: the requested times, in any order, each inside the steps' span (a time " +
          "outside throws a RangeError: done for you). Returns the solution at each requested " +
          "time, [T, ...y0.shape].",
          "Uses the library's hermiteInterpolate (task 4.1). A time on the boundary between two " +
          "steps takes the value of the earlier step, at its end. The steps' tensors stay the " +
          "caller's; only the result is left.",
        ],
        hints: [
          "For each requested time find the one step that contains it, and interpolate inside " +
          "that step at the fraction of the step where the time lies.",
          "step = the first step with time ≤ t0 + h; x = (time − t0)/h; value = " +
          "hermiteInterpolate(x, h, y0, f0, y1, f1); stack the values in the order of times.",
          "return tf.tidy(() => tf.stack(times.map((time) => { const s = steps.find((st) => " +
          "time <= st.t0 + st.h)!; return hermiteInterpolate((time - s.t0) / s.h, s.h, s.y0, " +
          "s.f0, s.y1, s.f1); })));",
        ],
        giveaways: ["time ≤ t0 + h", "steps.find(", "ends at or after it"],
      },
    ],
  },
  {
    n: 5,
    folder: "05_adjoint",
    title: "The adjoint method",
    summary:
      "Gradients of a loss through an ODE solve in memory independent of the number of steps: " +
      "integrate the adjoint state backward alongside the parameters' gradient.",
    lectureNumber: 2,
    tasks: [
      {
        id: "5.1",
        title: "augmentedDynamics: the adjoint's vector field on the state [y, a, g]",
        file: "augmented_dynamics.ts",
        source: "lib/ode/adjoint.ts",
        section: "gradients-through-the-solver-or-by-the-adjoint",
        contract: [
          "f: the vector field (t, y) → dy/dt; params: the tensors θ_1 … θ_P that f reads (its " +
          "weights). Returns the vector field of the adjoint's augmented state [y, a, g_1, …, " +
          "g_P] (a shaped like y, g_p like θ_p) in forward-time form: a function (t, state) → " +
          "[dy/dt, da/dt, dg_1/dt, …], new tensors of the same shapes, which the backward solve " +
          "integrates from a later time to an earlier one.",
          "vectorJacobianProduct (imported) does the one backward pass a call needs. The " +
          "state's tensors stay the caller's; each call leaves only the tensors it returns.",
        ],
        hints: [
          "Along the solution y follows f, the adjoint a = ∂L/∂y(t) moves against the field's " +
          "Jacobian, and the parameters' gradient collects the same product with ∂f/∂θ. One " +
          "vector–Jacobian product gives them all.",
          "dy/dt = f(t, y), da/dt = −aᵀ·∂f/∂y, dg_p/dt = −aᵀ·∂f/∂θ_p; vectorJacobianProduct(f, " +
          "t, y, a, params) returns { fy, grads: [aᵀ∂f/∂y, aᵀ∂f/∂θ_1, …] }. The g entries of the " +
          "state are not needed to compute the derivative.",
          "return (t, [y, a]) => tf.tidy(() => { const { fy, grads } = vectorJacobianProduct(f, " +
          "t, y, a, params); return [fy, ...grads.map((g) => tf.neg(g))]; });",
        ],
        giveaways: ["−aᵀ·∂f/∂y", "tf.neg(g)"],
      },
      {
        id: "5.2",
        title: "adjointBackward: the backward solve from the last output time to the first",
        file: "adjoint_backward.ts",
        source: "lib/ode/adjoint.ts",
        section: "gradients-through-the-solver-or-by-the-adjoint",
        contract: [
          "ts: the output times t_0 … t_N of a forward solve (N ≥ 1); states[i]: the forward " +
          "solution y(t_i); outputs[i]: the loss's gradient ∂L/∂y(t_i), shaped like y; params: " +
          "the field's parameters θ_1 … θ_P; solveBack(state, from, to): integrates an augmented " +
          "state [y, a, g_1, …, g_P] (task 5.1's dynamics) from time `from` back to `to` and " +
          "returns a new state. Returns [∂L/∂y0, ∂L/∂θ_1, …, ∂L/∂θ_P], new tensors.",
          "Calls solveBack once per output interval, from the last interval to the first (the " +
          "tests record each call and the state it starts from). states, outputs and params " +
          "stay the caller's: never dispose them, nor hand them to solveBack inside a state " +
          "you will free. Every other tensor made here is freed or returned.",
        ],
        hints: [
          "Walk the output times backward. The state starts at the last time with the loss's " +
          "gradient there and zero parameter gradients; between two output times the adjoint " +
          "ODE carries it back; at each output time the loss's gradient there joins a, and y " +
          "is taken from the forward solve, because integrating y backward drifts.",
          "Start with [states[N], outputs[N], 0, …, 0]. For i = N … 1: [y', a', g'] = " +
          "solveBack(state, ts[i], ts[i−1]), and the next state is [states[i−1], a' + " +
          "outputs[i−1], g']. The answer is the last state without its y.",
          "let state = [states[N].clone(), outputs[N].clone(), ...params.map((p) => " +
          "tf.zerosLike(p))]; in the loop: const [yEnd, aEnd, ...gEnd] = solveBack(state, " +
          "ts[i], ts[i - 1]); tf.dispose(state); state = [states[i - 1].clone(), tf.add(aEnd, " +
          "outputs[i - 1]), ...gEnd]; tf.dispose([yEnd, aEnd]); at the end dispose state[0] " +
          "and return the rest.",
        ],
        giveaways: ["restart y from the forward solution", "states[i−1]", "tf.add(aEnd"],
      },
    ],
  },
  {
    n: 6,
    folder: "06_node_training",
    title: "Training a Neural ODE on Van der Pol",
    summary:
      "Fit an MLP vector field to noisy trajectories: cut random sub-sequences, simulate each " +
      "from its first observation, and take an optimiser step on the squared error.",
    lectureNumber: 2,
    tasks: [
      {
        id: "6.1",
        title: "subsequenceBatch: the windows observed[s : s + L] of every trajectory",
        file: "subsequence_batch.ts",
        source: "lib/data/vdp.ts",
        section: "training-on-random-sub-sequences",
        contract: [
          "observed: N trajectories of D coordinates at T common, uniformly spaced times, " +
          "[T, N, D]; t: those T times; starts: M start indices; length: the window length L " +
          "(bad lengths or starts throw: done for you). Returns a SubsequenceBatch: target " +
          "[L, M·N, D], the windows observed[s : s + L] of all N trajectories for each start " +
          "(start by start, trajectories in order within a start); y0 [M·N, D], the first " +
          "state of each window; t, the L window times counted from the window's start (every " +
          "window starts at 0); and starts, a copy of the start indices.",
          "observed stays the caller's; y0 and target are the only new tensors.",
        ],
        hints: [
          "Cut one window per start, all trajectories at once; put the windows side by side " +
          "along the batch axis; the first time row of the result holds the initial states.",
          "window_s = tf.slice(observed, [s, 0, 0], [length, N, D]); target = " +
          "tf.concat(windows, 1); y0 = target's first time row reshaped to [M·N, D]; t = " +
          "t[0 : L] − t[0].",
          "const { y0, target } = tf.tidy(() => { const target = tf.concat(starts.map((s) => " +
          "tf.slice(observed, [s, 0, 0], [length, N, D])), 1); return { target, y0: " +
          "tf.reshape(tf.slice(target, [0, 0, 0], [1, -1, -1]), [-1, D]) }; }); return { t: " +
          "t.slice(0, length).map((x) => x - t[0]), y0, target, starts: [...starts] };",
        ],
        giveaways: ["tf.slice(observed", "tf.concat("],
      },
      {
        id: "6.2",
        title: "windowLoss: simulate from each window's start and compare with the window",
        file: "window_loss.ts",
        source: "lib/models/node.ts",
        section: "training-on-random-sub-sequences",
        contract: [
          "predict(y0, t): simulates the model from the initial states y0 [B, D] over the L " +
          "times t and returns the trajectory [L, B, D]. batch: a TrajectoryBatch (t, y0 [B, D] " +
          'and target [L, B, D], the observed windows). kind: "mse" (mean squared error, ' +
          'least squares) or "l1" (mean absolute error, as in torchdiffeq\'s ode_demo), each ' +
          "averaged over every element. Returns LossParts: the scalar loss and terms with one " +
          "entry named after the kind (the same scalar).",
          "Gradients must flow from the loss to whatever predict depends on. batch stays the " +
          "caller's; only the loss is left (the prediction is freed).",
        ],
        hints: [
          "Simulate every window from its first observation and compare the whole simulated " +
          "window with the observed one, point by point.",
          "pred = predict(batch.y0, batch.t); loss = mean((pred − target)²) for mse, " +
          "mean(|pred − target|) for l1.",
          "return tf.tidy(() => { const diff = tf.sub(predict(batch.y0, batch.t), " +
          'batch.target); const loss = (kind === "mse" ? tf.mean(tf.square(diff)) : ' +
          "tf.mean(tf.abs(diff))) as tf.Scalar; return { loss, terms: { [kind]: loss } }; });",
        ],
        giveaways: ["predict(batch.y0, batch.t)"],
      },
      {
        id: "6.3",
        title: "optimizerStep: one optimiser step, returning the loss as numbers",
        file: "optimizer_step.ts",
        source: "lib/train/step.ts",
        section: "training-on-random-sub-sequences",
        contract: [
          "optimizer: a tfjs optimiser (Adam, SGD …); params: the variables it updates; " +
          "lossFn(): builds the loss on the current params and returns LossParts (a scalar " +
          "loss and optional named scalar terms). Takes one optimiser step on params and " +
          "returns the loss before the step and its terms as plain numbers (a StepResult: " +
          "{ loss }, or { loss, terms } when lossFn gave terms).",
          "The gradient is tfjs's autodiff of the loss with respect to params; params change " +
          "only through the optimiser. No tensor is left behind: the loss, its terms and the " +
          "gradients are all freed.",
        ],
        hints: [
          "A tfjs optimiser takes the gradient and applies the update in one call, given a " +
          "function that returns the scalar loss. Read the terms while that function runs: " +
          "they are freed when the call returns.",
          "loss = optimizer.minimize(f, true, params), where f calls lossFn(), reads each term " +
          "with dataSync()[0] and returns parts.loss; with true, minimize returns the loss as a " +
          "tensor.",
          "let terms; const loss = optimizer.minimize(() => { const parts = lossFn(); if " +
          "(parts.terms) terms = Object.fromEntries(Object.entries(parts.terms).map(([k, v]) " +
          "=> [k, v.dataSync()[0]])); return parts.loss; }, true, params)!; const value = " +
          "loss.dataSync()[0]; loss.dispose(); return terms ? { loss: value, terms } : { loss: " +
          "value };",
        ],
        giveaways: ["optimizer.minimize", "minimize(f, true"],
      },
    ],
  },
  {
    n: 7,
    folder: "07_vae",
    title: "VAE pieces",
    summary:
      "The parts of every ELBO in the course: the reparameterisation trick, the Gaussian KL " +
      "term, the Bernoulli log-likelihood, and the VAE's negative ELBO.",
    lectureNumber: 3,
    tasks: [
      {
        id: "7.1",
        title: "reparameterize: a sample of N(µ, σ²) that gradients flow through",
        file: "reparameterize.ts",
        source: "lib/prob/likelihoods.ts",
        section: "the-reparameterisation-trick",
        contract: [
          "mean and logVar: the mean µ and the log-variance log σ² of a diagonal Gaussian, the " +
          "same shape (e.g. [B, latent]); seed: an integer that fixes the noise (0 included), " +
          "or undefined for fresh noise on every call. Returns one sample z of N(µ, σ²), a new " +
          "tensor of that shape, through which gradients flow to mean and logVar.",
          "The same seed gives the same z; different seeds, or no seed, give different ones " +
          "(the tests check all three). The noise comes from standardNormal (imported). Inputs " +
          "stay the caller's; only z is left.",
        ],
        hints: [
          "Draw the randomness from a fixed N(0, 1) and move it with µ and σ: the noise then " +
          "does not depend on the parameters, so gradients reach them. Pass the seed on as it " +
          "is, undefined included.",
          "z = µ + σ⊙ε with σ = exp(½·logVar) and ε = standardNormal(mean.shape, seed).",
          "return tf.tidy(() => tf.add(mean, tf.mul(tf.exp(tf.mul(0.5, logVar)), " +
          "standardNormal(mean.shape, seed))));",
        ],
        giveaways: ["µ + σ⊙ε", "exp(½·logVar)", "tf.mul(0.5, logVar)"],
      },
      {
        id: "7.2",
        title: "klStandardNormal: KL(N(µ, σ²) ‖ N(0, 1)) per sample in closed form",
        file: "kl_standard_normal.ts",
        source: "lib/prob/likelihoods.ts",
        section: "a-kl-term-in-closed-form",
        contract: [
          "mean and logVar: µ and log σ² of a diagonal Gaussian q for each sample, [B, …] (the " +
          "same shape). Returns KL(q ‖ N(0, I)) of each sample in closed form, summed over " +
          "every axis but the first: [B], ≥ 0, and 0 exactly when µ = 0 and logVar = 0.",
          "Differentiable in mean and logVar. Inputs stay the caller's; only the result is left.",
        ],
        hints: [
          "Between two Gaussians the KL has a closed form; for a diagonal Gaussian against " +
          "N(0, I) it is a sum of one term per coordinate.",
          "Per coordinate ½(µ² + σ² − 1 − log σ²), with σ² = exp(logVar) and log σ² = logVar; " +
          "sumPerSample (imported) sums a [B, …] tensor over every axis but the first.",
          "return tf.tidy(() => sumPerSample(tf.mul(0.5, tf.sub(tf.add(tf.square(mean), " +
          "tf.exp(logVar)), tf.add(1, logVar)))));",
        ],
        giveaways: ["µ² + σ² − 1 − log σ²", "tf.add(1, logVar)"],
      },
      {
        id: "7.3",
        title: "bernoulliLogLikelihood: log p(x | logits) per sample, stable for large logits",
        file: "bernoulli_log_likelihood.ts",
        source: "lib/prob/likelihoods.ts",
        section: "a-bernoulli-likelihood-for-pixels",
        contract: [
          "x: pixel values in [0, 1], [B, …] (grey values act as soft labels); logits: the " +
          "decoder's logits for them, the same shape (p = sigmoid(logits)). Returns log p(x | " +
          "logits) of each sample, summed over its pixels: [B] (≤ 0 for binary x; it equals " +
          "minus the binary cross-entropy).",
          "Finite and accurate for logits of any size (±100 included), where log(sigmoid(l)) " +
          "underflows. Inputs stay the caller's; only the result is left.",
        ],
        hints: [
          "Write the log-likelihood with the logits instead of the probabilities: the logs of " +
          "the sigmoid then simplify into a form that never takes log(0).",
          "x·log σ(l) + (1 − x)·log(1 − σ(l)) = x·l − softplus(l), and tf.softplus is stable; " +
          "sum per sample with sumPerSample (imported).",
          "return tf.tidy(() => sumPerSample(tf.sub(tf.mul(x, logits), tf.softplus(logits))));",
        ],
        giveaways: ["x·logits − softplus(logits)", "x·l − softplus(l)", "tf.softplus(logits)"],
      },
      {
        id: "7.4",
        title: "negativeElbo: the VAE's loss from reconstruction and KL",
        file: "negative_elbo.ts",
        source: "lib/models/vae.ts",
        section: "the-evidence-lower-bound",
        contract: [
          "x: a batch of images [b, pixels] in [0, 1]; logits: the decoder's Bernoulli logits " +
          "for one sample z of q(z | x), [b, pixels]; mean and logVar: q(z | x)'s µ and log σ², " +
          "[b, latent]; beta ≥ 0 weighs the KL (1: the ELBO itself; below 1, e.g. for a " +
          "warm-up). Returns LossParts: loss, the negative ELBO averaged over the batch (a " +
          "scalar to minimise), and the terms reconstruction (the batch mean of −log p(x | z)) " +
          "and kl (the batch mean of KL(q(z | x) ‖ N(0, I))).",
          "Uses the library's bernoulliLogLikelihood (task 7.3) and klStandardNormal (task " +
          "7.2). Inputs stay the caller's; only the three scalars are left.",
        ],
        hints: [
          "The negative ELBO has two parts: how badly the decoded sample explains the image, " +
          "and how far the encoder's Gaussian is from the prior, weighed by β.",
          "reconstruction = batch mean of −bernoulliLogLikelihood(x, logits); kl = batch mean " +
          "of klStandardNormal(mean, logVar); loss = reconstruction + β·kl.",
          "return tf.tidy(() => { const reconstruction = tf.mean(tf.neg(" +
          "bernoulliLogLikelihood(x, logits))) as tf.Scalar; const kl = " +
          "tf.mean(klStandardNormal(mean, logVar)) as tf.Scalar; return { loss: " +
          "tf.add(reconstruction, tf.mul(beta, kl)) as tf.Scalar, terms: { reconstruction, kl " +
          "} }; });",
        ],
        giveaways: ["reconstruction + β·kl", "−log p(x | z) + β·KL", "tf.mul(beta, kl)"],
      },
    ],
  },
  {
    n: 8,
    folder: "08_bayesian_nn",
    title: "A Bayesian neural vector field",
    summary:
      "A mean-field Gaussian over the field's weights: draw one function per solve, and pay " +
      "for the posterior's spread with its KL to the prior.",
    lectureNumber: 4,
    tasks: [
      {
        id: "8.1",
        title: "sampleWeights: one draw of every weight from the mean-field posterior",
        file: "sample_weights.ts",
        source: "lib/nn/bnn.ts",
        section: "one-function-sample-then-solve",
        contract: [
          "means and rhos: for each weight tensor k of a network, the mean µ_k and the " +
          "unconstrained scale ρ_k of its mean-field Gaussian posterior, whose standard " +
          "deviation is σ_k = softplus(ρ_k) > 0 (pairwise the same shape); seed: an integer. " +
          "Returns one draw of every weight tensor, new tensors shaped like means, through " +
          "which gradients flow to every µ and ρ.",
          "One seed fixes one whole function: tensor k's noise must be standardNormal(shape, " +
          "seed + k) (imported), so that tensors of the same shape do not share noise and the " +
          "draw equals the library's BayesianMLP. Inputs stay the caller's; only the returned " +
          "tensors are left.",
        ],
        hints: [
          "The reparameterisation trick once per weight tensor: noise from N(0, I), scaled by " +
          "that tensor's σ and shifted by its mean.",
          "w_k = µ_k + softplus(ρ_k)⊙ε_k with ε_k = standardNormal(means[k].shape, seed + k).",
          "return tf.tidy(() => means.map((mean, k) => tf.add(mean, tf.mul(" +
          "tf.softplus(rhos[k]), standardNormal(mean.shape, seed + k)))));",
        ],
        giveaways: ["µ_k + σ_k⊙ε_k", "µ_k + softplus(ρ_k)⊙ε_k", "tf.mul(tf.softplus(rhos[k])"],
      },
      {
        id: "8.2",
        title: "meanFieldKl: KL(q(w) ‖ p(w)) summed over every weight",
        file: "mean_field_kl.ts",
        source: "lib/nn/bnn.ts",
        section: "the-variational-posterior",
        contract: [
          "means and rhos: the posterior's µ and ρ for each weight tensor (σ = softplus(ρ)), as " +
          "in task 8.1; priorStd > 0: the standard deviation of the prior N(0, priorStd²) on " +
          "every weight. Returns KL(q(w) ‖ p(w)) summed over every element of every tensor: a " +
          "scalar tensor ≥ 0, differentiable in every µ and ρ.",
          "klGaussians (imported) sums the Gaussian KL over one tensor, given both means and " +
          "both log-variances. Inputs stay the caller's; only the scalar is left.",
        ],
        hints: [
          "The KL between products of independent Gaussians is the sum of the per-tensor KLs, " +
          "and klGaussians computes each one from means and log-variances.",
          "For tensor k: klGaussians(µ_k, 2·log(softplus(ρ_k)), 0, 2·log(priorStd)) — the " +
          "log-variances of q and of the prior — then the sum over k.",
          "return tf.tidy(() => tf.addN(means.map((mean, k) => klGaussians(mean, tf.mul(2, " +
          "tf.log(tf.softplus(rhos[k]))), 0, 2 * Math.log(priorStd)))) as tf.Scalar);",
        ],
        giveaways: ["2·log(softplus(ρ", "2 * Math.log(priorStd)"],
      },
    ],
  },
  {
    n: 9,
    folder: "09_odevae_elbo",
    title: "The ODE-VAE's ELBO",
    summary:
      "Three terms: how well the decoded latent trajectory explains the frames, the initial " +
      "state's KL, and the vector field's weight KL shared by the whole data set.",
    lectureNumber: 4,
    tasks: [
      {
        id: "9.1",
        title: "odeVaeLoss: −ELBO per sequence with minibatch-scaled weight KL",
        file: "ode_vae_loss.ts",
        source: "lib/models/odevae.ts",
        section: "the-elbo",
        contract: [
          "frames: a batch of sequences [b, T, s, s, 1], pixels in [0, 1]; logits: the " +
          "decoder's Bernoulli logits for them (the same shape); mean and logVar: q(z0 | y)'s " +
          "µ and log σ², [b, latent]; klWeights: the vector field's weight KL, KL(q(w) ‖ " +
          "p(w)), one scalar for the whole data set; dataSize: the number of training " +
          "sequences that share it. Returns LossParts: loss, −ELBO per sequence averaged over " +
          "the batch, and the terms reconstruction (the batch mean of the log-likelihood summed " +
          "over time and pixels: a log-likelihood, higher is better), klZ0 (the batch mean of " +
          "the initial state's KL) and klW (the weights' KL charged to one sequence).",
          "Minibatches of any size over the same data set must together pay the weights' KL " +
          "once per pass (the tests check it). Uses the library's bernoulliLogLikelihood (task " +
          "7.3) and klStandardNormal (task 7.2). Inputs stay the caller's; only the four " +
          "scalars are left.",
        ],
        hints: [
          "Three terms: the reconstruction (a log-likelihood, so it enters the loss with a " +
          "minus sign), the initial state's KL per sequence, and the weights' KL, which the " +
          "whole data set shares.",
          "reconstruction = batch mean of bernoulliLogLikelihood(frames, logits); klZ0 = batch " +
          "mean of klStandardNormal(mean, logVar); klW = klWeights / dataSize; loss = klZ0 − " +
          "reconstruction + klW.",
          "Inside tf.tidy: const rec = tf.mean(bernoulliLogLikelihood(frames, logits)); const " +
          "klZ0 = tf.mean(klStandardNormal(mean, logVar)); const klW = tf.div(klWeights, " +
          "dataSize); return { loss: tf.add(tf.sub(klZ0, rec), klW), terms: { reconstruction: " +
          "rec, klZ0, klW } };",
        ],
        giveaways: ["klZ0 − reconstruction + klW", "KL(q(w) ‖ p(w)) / N", "klWeights / dataSize"],
      },
    ],
  },
  {
    n: 10,
    folder: "10_latent_ode_encoder",
    title: "An ODE-RNN encoder over irregular times",
    summary:
      "Read each series backward: between observations the hidden state follows an ODE over " +
      "that series' own gap; at an observation an RNN cell folds it in.",
    lectureNumber: 5,
    tasks: [
      {
        id: "10.1",
        title: "evolveHidden: Euler sub-steps over each series' own time gap",
        file: "evolve_hidden.ts",
        source: "lib/models/latent_ode.ts",
        section: "the-ode-rnn-encoder",
        contract: [
          "field(h): the hidden state's derivative, dh/dt = field(h) ([B, H] → [B, H], no " +
          "explicit time); h: the hidden states of B series, [B, H]; dt: each series' own time " +
          "step (B numbers; negative goes back in time, 0 stays put); substeps ≥ 1: into how " +
          "many equal Euler steps each series' step is split. Returns the evolved states " +
          "[B, H], a new tensor, or h itself when every dt is 0 (done for you).",
          "Calls field exactly `substeps` times, on all series at once. h stays the caller's; " +
          "only the result is left.",
        ],
        hints: [
          "Every series moves by its own step, but all of them in the same tensor operations: " +
          "turn the B sub-step sizes into a column that broadcasts over the H hidden units.",
          "step = the [B, 1] column of dt[b] / substeps; repeat substeps times: h ← h + " +
          "field(h)·step.",
          "return tf.tidy(() => { const step = tf.tensor2d(dt.map((d) => d / substeps), " +
          "[dt.length, 1]); let y = h; for (let k = 0; k < substeps; k++) y = tf.add(y, " +
          "tf.mul(field(y), step)) as tf.Tensor2D; return y; });",
        ],
        giveaways: ["tf.tensor2d(dt.map(", "h + field(h)·step"],
      },
      {
        id: "10.2",
        title: "odeRnnBackward: the encoder's pass from the last observation back to t0",
        file: "ode_rnn_backward.ts",
        source: "lib/models/latent_ode.ts",
        section: "the-ode-rnn-encoder",
        contract: [
          "times: each series' K sorted observation times, times[b][0 … K−1] (each series has " +
          "its own); h0: the hidden states at the last observation, [B, H]; t0: the time to " +
          "end at (at or before every first observation); evolve(h, dt): moves h by each " +
          "series' own time step dt[b] (a list of B numbers); update(k, h): folds observation " +
          "k into h (an RNN cell). Returns the hidden states at t0, [B, H].",
          "Reads the series backward in time, so every time step handed to evolve is ≤ 0; " +
          "each observation is folded in exactly once, and evolve is called K times (the tests " +
          "record the calls). Call it inside tf.tidy: the intermediate states are the " +
          "caller's to free.",
        ],
        hints: [
          "Start at the last observation and walk back: between two observations the hidden " +
          "state follows the ODE (evolve), at each observation the RNN cell updates it " +
          "(update); after the first observation, one more evolve back to t0.",
          "For k = K−1 … 0: if k < K−1, h = evolve(h, the gaps times[b][k] − times[b][k+1]); " +
          "then h = update(k, h). Finally h = evolve(h, the gaps t0 − times[b][0]).",
          "let h = h0; for (let k = K - 1; k >= 0; k--) { if (k < K - 1) h = evolve(h, " +
          "times.map((row) => row[k] - row[k + 1])); h = update(k, h); } return evolve(h, " +
          "times.map((row) => t0 - row[0]));",
        ],
        giveaways: ["times[b][k] − times[b][k+1]", "t0 − times[b][0]", "row[k] - row[k + 1]"],
      },
    ],
  },
  {
    n: 11,
    folder: "11_ode_block",
    title: "An ODE block for ODE-Net",
    summary:
      "Replace a stack of residual blocks by one ODE whose depth the solver chooses; give the " +
      "convolutional field the time as an extra channel.",
    lectureNumber: 6,
    tasks: [
      {
        id: "11.1",
        title: "withTimeChannel: append a channel filled with t",
        file: "with_time_channel.ts",
        source: "lib/models/odenet.ts",
        section: "the-ode-block",
        contract: [
          "h: feature maps [b, height, width, C] (channels last); t: the current time, a " +
          "number. Returns [b, height, width, C + 1]: h's channels unchanged, then one more " +
          "channel whose every entry is t, so that a convolutional vector field sees the time.",
          "h stays the caller's; only the result is left.",
        ],
        hints: [
          "Make the extra channel as a tensor of its own, then join it to h along the channel " +
          "axis.",
          "extra = a [b, height, width, 1] tensor filled with t; the result is h and extra " +
          "concatenated along axis 3.",
          "const [b, height, width] = h.shape; return tf.tidy(() => tf.concat([h, " +
          "tf.fill([b, height, width, 1], t)], 3));",
        ],
        giveaways: ["tf.fill(", "tf.concat([h"],
      },
      {
        id: "11.2",
        title: "odeBlock: h(T) from h0 by one ODE solve, with its cost, direct or adjoint",
        file: "ode_block.ts",
        source: "lib/models/odenet.ts",
        section: "the-ode-block",
        contract: [
          "field: the vector field (t, h) → dh/dt; h0: the block's input, any shape; endTime " +
          "> 0: how long to integrate; options: the solver's options (method, rtol, atol, …) " +
          'and the gradient choice (options.gradient: "backprop" through the solver\'s steps, ' +
          'or "adjoint" with options.params, the field\'s weights). Returns an OdeBlockResult: ' +
          "h1 = h(endTime), shaped like h0; stats, the solve's statistics (evaluations, " +
          "steps); and backwardStats, the adjoint's backward solve (set only by the adjoint).",
          "Every option must reach the solver unchanged (the tests pass non-default ones). " +
          "Gradients flow from h1 to h0 and to the field's weights either way. h0 stays the " +
          "caller's; only h1 is left.",
        ],
        hints: [
          "One ODE solve from time 0 to endTime is the whole block; the library's solve " +
          "(imported) already implements both gradient modes, chosen by the options.",
          "sol = solve(field, h0, [0, endTime], options) gives { ys: [2, ...h0.shape], stats, " +
          "backwardStats }; h1 is ys's second row.",
          "const h1 = tf.tidy(() => { const sol = solve(field, h0, [0, endTime], options); " +
          "stats = sol.stats; backwardStats = sol.backwardStats; return " +
          "tf.squeeze(tf.slice(sol.ys, [1], [1]), [0]); }); return { h1, stats, backwardStats };",
        ],
        giveaways: ["solve(field, h0, [0, endTime]", "tf.slice(sol.ys", "0 to endTime"],
      },
    ],
  },
  {
    n: 12,
    folder: "12_cnf_trace",
    title: "Continuous normalising flows: the trace",
    summary:
      "The density's rate of change is minus the trace of the field's Jacobian: compute it " +
      "exactly in one backward pass, estimate it with Hutchinson's trick, and integrate it.",
    lectureNumber: 7,
    tasks: [
      {
        id: "12.1",
        title: "exactTrace: f(z) and Tr(∂f/∂z) in one backward pass",
        file: "exact_trace.ts",
        source: "lib/models/cnf.ts",
        section: "computing-the-trace",
        contract: [
          "f: a field on points, [n, d] → [n, d], row by row (row i of f(z) depends only on " +
          "row i of z); z: n points in d dimensions, [n, d]; units: the cotangents that " +
          "unitCotangents(n, d) builds (pass them when f is evaluated many times, e.g. in a " +
          "solve). Returns a FieldAndTrace: dz = f(z), [n, d], and trace, the exact trace of " +
          "the Jacobian ∂f/∂z at each point, [n].",
          "One backward pass whatever d is, and differentiable: training a CNF takes gradients " +
          "of the trace (gradients of gradients). Call it inside tf.tidy; z stays the caller's.",
        ],
        hints: [
          "A vector–Jacobian product with the unit vector e_k gives row k of the Jacobian, and " +
          "its k-th entry is on the diagonal. All d of them fit in one pass: repeat the batch " +
          "d times and give copy k the cotangent e_k — that is what units holds.",
          "tf.valueAndGrads((x) => f(x))([tf.tile(z, [d, 1])], units): row k·n + i of the " +
          "gradient is e_kᵀJ(z_i). Reshape it to [d, n, d], keep entry k of copy k (multiply by " +
          "tf.reshape(tf.eye(d), [d, 1, d])) and sum over axes 0 and 2.",
          "const { value, grads } = tf.valueAndGrads((x: tf.Tensor) => f(x))([tf.tile(z, [d, " +
          "1])], units); const diag = tf.mul(tf.reshape(grads[0], [d, n, d]), " +
          "tf.reshape(tf.eye(d), [d, 1, d])); return { dz: tf.slice(value, [0, 0], [n, d]), " +
          "trace: tf.sum(diag, [0, 2]) };",
        ],
        giveaways: ["repeated d times", "tf.tile(z", "e_kᵀJ"],
      },
      {
        id: "12.2",
        title: "hutchinsonTrace: Hutchinson's unbiased estimate of the trace",
        file: "hutchinson_trace.ts",
        source: "lib/models/cnf.ts",
        section: "computing-the-trace",
        contract: [
          "f: a field on points, [n, d] → [n, d], row by row; z: n points, [n, d]; epsilon: one " +
          "probe vector per point, [n, d], with E[εεᵀ] = I (Rademacher ±1 or Gaussian). " +
          "Returns a FieldAndTrace: dz = f(z), [n, d], and trace, [n], an unbiased estimate of " +
          "Tr(∂f/∂z) at each point from these probes (its mean over many probes is the exact " +
          "trace).",
          "One backward pass whatever d is, and differentiable (gradients of gradients). Call " +
          "it inside tf.tidy; z and epsilon stay the caller's.",
        ],
        hints: [
          "Tr(A) = E[εᵀAε] when E[εεᵀ] = I, and εᵀJ for every row at once is a single " +
          "vector–Jacobian product with the probes as cotangent.",
          "tf.valueAndGrads((x) => f(x))([z], epsilon) gives f(z) and εᵀJ row by row; the " +
          "estimate of row i is the dot product of its εᵀJ with its ε.",
          "const { value, grads } = tf.valueAndGrads((x: tf.Tensor) => f(x))([z], epsilon); " +
          "return { dz: value as tf.Tensor2D, trace: tf.sum(tf.mul(grads[0], epsilon), 1) as " +
          "tf.Tensor1D };",
        ],
        giveaways: ["εᵀJε", "tf.mul(grads[0], epsilon)"],
      },
      {
        id: "12.3",
        title: "changeOfVariables: the augmented field of the instantaneous change of variables",
        file: "change_of_variables.ts",
        source: "lib/models/cnf.ts",
        section: "the-instantaneous-change-of-variables",
        contract: [
          "fieldAndTrace(t, z): for n points z [n, d], a FieldAndTrace — dz = f(t, z) and " +
          "trace, Tr(∂f/∂z) per point (exact or Hutchinson). Returns the vector field, for the " +
          "ODE solver, of the augmented state y = [z, Δ], [n, d + 1]: each point's d " +
          "coordinates and its running log-density change Δ. Integrated from the data (z = x, " +
          "Δ = 0 at t1) back to the base time t0 it gives log p(x) = log N(z(t0); 0, I) − Δ(t0).",
          "Each call returns a new [n, d + 1] tensor and leaves nothing else; y stays the " +
          "solver's.",
        ],
        hints: [
          "The points move with f, and along each point's path the log-density changes at " +
          "minus the trace of the field's Jacobian (the instantaneous change of variables). " +
          "The augmented field puts the two side by side.",
          "dz/dt = f(t, z) and dΔ/dt = −Tr(∂f/∂z): z = the first d columns of y, { dz, trace } " +
          "= fieldAndTrace(t, z), and the result is [dz, −trace] as [n, d + 1].",
          "return (t, y) => tf.tidy(() => { const z = tf.slice(y, [0, 0], [n, d]) as " +
          "tf.Tensor2D; const { dz, trace } = fieldAndTrace(t, z); return tf.concat([dz, " +
          "tf.neg(tf.reshape(trace, [n, 1]))], 1); });",
        ],
        giveaways: ["dΔ/dt = −Tr", "tf.neg(tf.reshape(trace"],
      },
    ],
  },
  {
    n: 13,
    folder: "13_anode",
    title: "Augmented Neural ODEs",
    summary: "Trajectories of an ODE cannot cross, so some maps are out of a Neural ODE's reach; " +
      "extra zero dimensions give them room.",
    lectureNumber: 8,
    tasks: [
      {
        id: "13.1",
        title: "augmentWithZeros: pad each state with extra zero coordinates",
        file: "augment_with_zeros.ts",
        source: "lib/models/anode.ts",
        section: "augmented-neural-odes",
        contract: [
          "x: B states of dim coordinates, [B, dim]; extra ≥ 0: how many coordinates to add. " +
          "Returns [B, dim + extra]: each row of x followed by `extra` zeros, room for " +
          "trajectories to pass each other (in the input space alone they cannot cross).",
          "Always a new tensor that the caller may dispose, even for extra = 0 (a copy of x " +
          "then). x stays the caller's; nothing else is left.",
        ],
        hints: [
          "Build the block of zeros and join it to x along the coordinate axis.",
          "result = x and zeros([B, extra]) concatenated along axis 1; for extra = 0, x.clone().",
          "return extra === 0 ? x.clone() : tf.tidy(() => tf.concat([x, tf.zeros([x.shape[0], " +
          "extra])], 1));",
        ],
        giveaways: ["tf.zeros(", "tf.concat([x"],
      },
      {
        id: "13.2",
        title: "anodeMap: augment, flow, and read out the first coordinates at the end",
        file: "anode_map.ts",
        source: "lib/models/anode.ts",
        section: "augmented-neural-odes",
        contract: [
          "flow(z0): carries the augmented initial states z0 [B, dim + augmentDims] along the " +
          "learned field and returns the trajectory [T, B, dim + augmentDims], its last time " +
          "being the end time. x: the inputs [B, dim]; augmentDims ≥ 0: how many zero " +
          "coordinates to add (the library's augmentWithZeros, task 13.1). Returns the map's " +
          "output, [B, dim]: the first dim coordinates of each state at the end time.",
          "Gradients flow through flow to its weights. x stays the caller's; only the result " +
          "is left (the trajectory is freed).",
        ],
        hints: [
          "Pad, flow, read out: the extra coordinates exist only during the flow.",
          "ys = flow(augmentWithZeros(x, augmentDims)), [T, B, dim + augmentDims]; the answer " +
          "is ys[T − 1, :, 0 : dim], reshaped to [B, dim].",
          "return tf.tidy(() => { const ys = flow(augmentWithZeros(x, augmentDims)); return " +
          "tf.reshape(tf.slice(ys, [ys.shape[0] - 1, 0, 0], [1, -1, dim]), [-1, dim]); });",
        ],
        giveaways: ["flow(augmentWithZeros(", "tf.slice(ys"],
      },
    ],
  },
];

/** Every task of the kit, in order. */
export const TASKS: Task[] = EXERCISES.flatMap((e) => e.tasks);

export function findTask(id: string): { exercise: Exercise; task: Task } | undefined {
  for (const exercise of EXERCISES) {
    const task = exercise.tasks.find((t) => t.id === id);
    if (task) return { exercise, task };
  }
  return undefined;
}

/** "01_euler/euler_step.ts": a task's path relative to exercises/ (and to solutions/). */
export function taskPath(exercise: Exercise, task: Task): string {
  return `${exercise.folder}/${task.file}`;
}

/**
 * "/lectures/01-odes-and-solvers/#eulers-method": the page path and anchor of the section that
 * teaches a task. `pages` defaults to the generated lecture list; the generator passes the one it
 * has just read from the lectures' files.
 */
export function taskLecture(
  exercise: Exercise,
  task: Task,
  pages: Record<number, string> = LECTURE_PAGES,
): string {
  return `${pages[exercise.lectureNumber]}#${task.section}`;
}
