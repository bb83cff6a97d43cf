/**
 * The exercise kit's catalogue: every exercise, in teaching order, with its tasks. A task is one
 * function the learner writes; its reference is a region of a lib/ file marked
 *   // EXERCISE N.M begin … // SOLUTION begin … // SOLUTION end … // EXERCISE N.M end
 * from which `deno task kit:generate` writes solutions/NN_topic/<file> (the function verbatim)
 * and exercises/NN_topic/<file> (the SOLUTION part replaced by a TodoError). Tests are written
 * by hand beside the stubs, named `task N.M …`.
 *
 * This file is plain data (no imports): the generator, the grader and the stubs' TodoError all
 * read it.
 */

export interface Task {
  /** "N.M": exercise N, task M. */
  id: string;
  /** The function the learner writes, and what it does (one line). */
  title: string;
  /** File name inside the exercise folder (stub and solution). */
  file: string;
  /** The lib file holding the reference region `EXERCISE <id>`. */
  source: string;
  /** Lecture page and section: the page's URL path plus an anchor. */
  lecture: string;
  /** Progressive hints: the first appears in the stub and its TodoError, the rest on request. */
  hints: string[];
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

/** URL path of each lecture page of the site (keep in step with site/src/content/lectures). */
export const LECTURE_PAGES: Record<number, string> = {
  1: "/lectures/01-odes-and-solvers/",
  2: "/lectures/02-neural-odes/",
  3: "/lectures/03-vae-primer/",
  4: "/lectures/04-odevae/",
  5: "/lectures/05-latent-odes/",
  6: "/lectures/06-odenet/",
  7: "/lectures/07-cnf/",
  8: "/lectures/08-related-work/",
};

/** Where `deno task start` serves the site, for clickable links in the terminal. */
export const LOCAL_SITE = "http://127.0.0.1:4321";

const page = (lecture: number, anchor: string) => `${LECTURE_PAGES[lecture]}#${anchor}`;

export const EXERCISES: Exercise[] = [
  {
    n: 1,
    folder: "01_euler",
    title: "Euler step and a fixed-grid integrator",
    summary: "The simplest ODE solver: follow the tangent for a step, then repeat along a grid.",
    lectureNumber: 1,
    tasks: [
      {
        id: "1.1",
        title: "eulerStep: one explicit Euler step y + h·f(t, y)",
        file: "euler_step.ts",
        source: "lib/ode/plain/fixed_grid.ts",
        lecture: page(1, "euler"),
        hints: [
          "Evaluate the field once, f(t, y), and follow it for a time h: y + h·f(t, y). " +
          "tf.add and tf.mul accept a plain number for h.",
          "Wrap the arithmetic in tf.tidy(() => …) so that the intermediate h·f(t, y) is freed; " +
          "the tensor you return survives the tidy.",
          "One line does it: return tf.tidy(() => tf.add(y, tf.mul(h, f(t, y))));",
        ],
      },
      {
        id: "1.2",
        title: "fixedGridSolve: step along a grid of times and stack the states",
        file: "fixed_grid_solve.ts",
        source: "lib/ode/plain/fixed_grid.ts",
        lecture: page(1, "euler"),
        hints: [
          "Start a list with y0; for i = 1 … T−1 take one step from t[i−1] to t[i] with " +
          "h = t[i] − t[i−1], starting from the previous state; stack the list with tf.stack.",
          "h comes out negative when the grid decreases: the same step then goes backward in " +
          "time, no special case needed.",
          "Inside tf.tidy, states.push(step(f, t[i - 1], states[i - 1], t[i] - t[i - 1])); and " +
          "return tf.stack(states) — the intermediate states are freed, the stack survives.",
        ],
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
        title: "rkStages: the stages k_i = f(t + c_i·h, y + h·Σ a_ij·k_j)",
        file: "rk_stages.ts",
        source: "lib/ode/plain/runge_kutta.ts",
        lecture: page(1, "runge-kutta-methods"),
        hints: [
          "k_1 = f(t, y) (or the k1 you were given). For stage i ≥ 2, build the stage's input " +
          "y_i = y + h·Σ_{j<i} a[i][j]·k_j, then k_i = f(t + c[i]·h, y_i).",
          "Rows of tableau.a are lower-triangular: a[i] has i entries, one per earlier stage. " +
          "Skipping zero weights saves work but is not needed for correctness.",
          "If k1 is given, do not call f for the first stage: first-same-as-last methods rely on " +
          "exactly s − 1 new evaluations per step (the tests count them).",
          "Wrap the loop in tf.tidy and return the array k: tidy keeps every tensor in the " +
          "returned array and frees the y_i.",
        ],
      },
      {
        id: "2.2",
        title: "rungeKuttaStep: y + h·Σ b_i·k_i from the stages",
        file: "runge_kutta_step.ts",
        source: "lib/ode/plain/runge_kutta.ts",
        lecture: page(1, "runge-kutta-methods"),
        hints: [
          "Get the stages with rkStages(f, tableau, t, y, h), then combine them with the " +
          "solution weights: y1 = y + h·Σ_i tableau.b[i]·k_i.",
          "The midpoint method has b = [0, 1]: only the second stage counts. RK4 has " +
          "b = [1/6, 1/3, 1/3, 1/6].",
          "Accumulate inside tf.tidy: let y1 = y; for each i, y1 = tf.add(y1, tf.mul(h * b[i], " +
          "k[i])); return y1.",
        ],
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
        lecture: page(1, "adaptive-step-sizes"),
        hints: [
          "Two weighted sums of the same stages: y1 = y + h·Σ b_i·k_i and err = h·Σ e_i·k_i " +
          "(e = b − b̂ is already in the tableau).",
          "Start err from tf.zerosLike(y) (or from the first non-zero term) and add the terms; " +
          "return both from one tf.tidy as an object { y1, err }.",
          "For dopri5, b[1] = 0 and e[1] = 0: skipping zero weights is fine, and both sums use " +
          "all seven stages otherwise.",
        ],
      },
      {
        id: "3.2",
        title: "errorRatio: RMS of err / (atol + rtol·max(|y0|, |y1|)) as a number",
        file: "error_ratio.ts",
        source: "lib/ode/plain/adaptive_step.ts",
        lecture: page(1, "adaptive-step-sizes"),
        hints: [
          "Scale each element of the error by what the tolerances allow there: " +
          "atol + rtol·max(|y0|, |y1|). The ratio is the root mean square of the scaled error.",
          "tf.maximum(tf.abs(y0), tf.abs(y1)) gives the elementwise max; tf.sqrt(tf.mean(" +
          "tf.square(x))) the RMS over all elements (all batch rows together: one controller).",
          "Return a plain number: compute the scalar inside tf.tidy, read it with dataSync()[0], " +
          "then dispose the scalar.",
        ],
      },
      {
        id: "3.3",
        title: "nextStepSize: the clipped power-law step-size controller",
        file: "next_step_size.ts",
        source: "lib/ode/step_control.ts",
        lecture: page(1, "adaptive-step-sizes"),
        hints: [
          "The error of a step of order p scales like h^(p+1); aim a little under the tolerance: " +
          "factor = 0.9·ratio^(−1/order), then clip it to at most 10 and at least 0.2.",
          "After an accepted step (ratio < 1) never shrink: the lower clip is 1 instead of 0.2. " +
          "Two special cases: ratio = 0 grows by the maximum (10×); a non-finite ratio shrinks " +
          "by the maximum (0.2×).",
          "SAFETY, MAX_GROWTH and MAX_SHRINK are imported for you: return dt·min(MAX_GROWTH, " +
          "max(SAFETY·ratio^(−1/order), ratio < 1 ? 1 : MAX_SHRINK)).",
        ],
      },
      {
        id: "3.4",
        title: "adaptiveStep: one trial step, accept or reject, and the next step size",
        file: "adaptive_step.ts",
        source: "lib/ode/plain/adaptive_step.ts",
        lecture: page(1, "adaptive-step-sizes"),
        hints: [
          "Chain the pieces: stages (reuse f0 as k1), embeddedStep, errorRatio, then accepted = " +
          "ratio ≤ 1 and hNext = nextStepSize(h, ratio, tableau.order).",
          "Pass f0 to rkStages as k1: dopri5 then costs 6 evaluations per trial step, and the " +
          "solve of the tests makes torchdiffeq's 338.",
          "Dispose err after reading the ratio; return y1 and all stages k (the loop keeps or " +
          "frees them).",
        ],
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
        lecture: page(1, "dense-output"),
        hints: [
          "Four basis polynomials in x = (t − t0)/h: h00 = 2x³ − 3x² + 1, h10 = x³ − 2x² + x, " +
          "h01 = 3x² − 2x³, h11 = x³ − x²; y(x) = h00·y0 + h·h10·f0 + h01·y1 + h·h11·f1.",
          "The slopes carry a factor h because they are derivatives in t, not in x.",
          "Compute the four weights as plain numbers first, then one tf.addN of four tf.mul " +
          "inside tf.tidy.",
        ],
      },
      {
        id: "4.2",
        title: "denseOutputAt: the solution at each requested time from the accepted steps",
        file: "dense_output_at.ts",
        source: "lib/ode/plain/dense_output.ts",
        lecture: page(1, "dense-output"),
        hints: [
          "For each requested time, find the first step that ends at or after it " +
          "(time ≤ t0 + h), and interpolate inside it at x = (time − t0)/h.",
          "A time exactly on a step boundary belongs to the step that ends there (x = 1): the " +
          "first match of steps.find does that.",
          "Stack the interpolated states with tf.stack, all inside one tf.tidy.",
        ],
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
