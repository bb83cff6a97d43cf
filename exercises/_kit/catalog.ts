/**
 * The exercise kit's catalogue: every exercise, in teaching order, with its tasks. A task is one
 * function the learner writes; its reference is a region of a lib/ file marked
 *   // EXERCISE N.M begin … // SOLUTION begin … // SOLUTION end … // EXERCISE N.M end
 * from which `deno task kit:generate` writes solutions/NN_topic/<file> (the function verbatim)
 * and exercises/NN_topic/<file> (the SOLUTION part replaced by a TodoError). Tests are written
 * by hand beside the stubs, named `task N.M …`.
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
  /** The function the learner writes, and what it does (one line). */
  title: string;
  /** File name inside the exercise folder (stub and solution). */
  file: string;
  /** The lib file holding the reference region `EXERCISE <id>`. */
  source: string;
  /** Anchor of the section of the exercise's lecture that teaches it (a heading id). */
  section: string;
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
        title: "meanSquaredError: mean((pred − target)²) as a scalar, without leaking tensors",
        file: "mean_squared_error.ts",
        source: "lib/models/mse.ts",
        section: "tensorflowjs-for-pytorch-users",
        hints: [
          "tf.sub, tf.square and tf.mean do it; but each makes a new tensor that nothing frees " +
          "(tfjs has no garbage collector for tensor memory). Wrap the arithmetic in " +
          "tf.tidy(() => …): the tensors made inside are freed, the one returned survives.",
          "Do not dispose pred or target: they belong to the caller, who may use them again.",
          "return tf.tidy(() => tf.mean(tf.square(tf.sub(pred, target))) as tf.Scalar);",
        ],
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
        title: "eulerStep: one explicit Euler step y + h·f(t, y)",
        file: "euler_step.ts",
        source: "lib/ode/plain/fixed_grid.ts",
        section: "eulers-method",
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
        section: "eulers-method",
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
        section: "rungekutta-methods-and-butcher-tableaux",
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
        section: "rungekutta-methods-and-butcher-tableaux",
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
        section: "adaptive-steps-dormandprince-dopri5",
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
        section: "adaptive-steps-dormandprince-dopri5",
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
        section: "adaptive-steps-dormandprince-dopri5",
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
        section: "adaptive-steps-dormandprince-dopri5",
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
        section: "dense-output",
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
        section: "dense-output",
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
        title: "augmentedDynamics: d/dt [y, a, g] = [f, −aᵀ∂f/∂y, −aᵀ∂f/∂θ]",
        file: "augmented_dynamics.ts",
        source: "lib/ode/adjoint.ts",
        section: "gradients-through-the-solver-or-by-the-adjoint",
        hints: [
          "Return a function (t, [y, a]) => state. One call vectorJacobianProduct(f, t, y, a, " +
          "params) gives f(t, y) and the products [aᵀ∂f/∂y, aᵀ∂f/∂θ_1, …].",
          "The adjoint and the parameter gradients move with a minus sign: the new state is " +
          "[f(t, y), −aᵀ∂f/∂y, −aᵀ∂f/∂θ_1, …] — negate every product, not f.",
          "Wrap the body in tf.tidy and return [fy, ...grads.map((g) => tf.neg(g))]; the state's " +
          "g entries are not needed to compute the derivative.",
        ],
      },
      {
        id: "5.2",
        title: "adjointBackward: the backward solve from the last output time to the first",
        file: "adjoint_backward.ts",
        source: "lib/ode/adjoint.ts",
        section: "gradients-through-the-solver-or-by-the-adjoint",
        hints: [
          "Start at the last time with [y(t_N), a = ∂L/∂y(t_N), zeros for each parameter]. For " +
          "i = N … 1 integrate back to t_{i−1} with solveBack(state, ts[i], ts[i−1]).",
          "At each earlier output time: keep the integrated a and g, but replace y by the forward " +
          "solution states[i−1] (a backward re-integration drifts) and add ∂L/∂y(t_{i−1}) = " +
          "outputs[i−1] to a.",
          "The result is the final [a, g_1, …, g_P] (drop y): a = ∂L/∂y0, g_p = ∂L/∂θ_p. Clone " +
          "states and outputs you put in a state (the caller owns them) and dispose the states " +
          "you no longer need.",
        ],
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
        hints: [
          "For each start s take tf.slice(observed, [s, 0, 0], [length, N, D]); concatenate the " +
          "windows along axis 1 (the batch axis). y0 is the first time row of that [L, M·N, D].",
          "y0 = the first row reshaped to [M·N, D]; times = t[0 : length] − t[0] (the grid is " +
          "uniform, so every window starts at 0).",
          "Build y0 and target inside one tf.tidy returning { y0, target }, then return " +
          "{ t, y0, target, starts: [...starts] }.",
        ],
      },
      {
        id: "6.2",
        title: "windowLoss: simulate from each window's start and compare with the window",
        file: "window_loss.ts",
        source: "lib/models/node.ts",
        section: "training-on-random-sub-sequences",
        hints: [
          "pred = predict(batch.y0, batch.t) is [L, B, D] like batch.target; the loss is the mean " +
          'of (pred − target)² over everything (or of |pred − target| for "l1").',
          "Return { loss, terms: { [kind]: loss } } from inside tf.tidy (the scalar survives it).",
        ],
      },
      {
        id: "6.3",
        title: "optimizerStep: one optimiser step, returning the loss as numbers",
        file: "optimizer_step.ts",
        source: "lib/train/step.ts",
        section: "training-on-random-sub-sequences",
        hints: [
          "optimizer.minimize(f, true, params) computes the gradient of the scalar that f returns " +
          "w.r.t. params, applies the update, and (with true) returns that loss as a tensor.",
          "Inside f call lossFn(), read its terms into plain numbers with dataSync()[0] (they are " +
          "freed when minimize returns), and return parts.loss.",
          "After minimize: read the loss with dataSync()[0], dispose it, and return { loss, terms " +
          "} (terms only if the loss had any).",
        ],
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
        title: "reparameterize: z = µ + σ⊙ε, a sample gradients flow through",
        file: "reparameterize.ts",
        source: "lib/prob/likelihoods.ts",
        section: "the-reparameterisation-trick",
        hints: [
          "σ = exp(½·logVar); ε = standardNormal(mean.shape, seed); z = mean + σ⊙ε.",
          "Use the imported standardNormal (not Math.random): the same seed must give the same " +
          "z, and seed 0 must be reproducible too.",
        ],
      },
      {
        id: "7.2",
        title: "klStandardNormal: KL(N(µ, σ²) ‖ N(0, 1)) per sample in closed form",
        file: "kl_standard_normal.ts",
        source: "lib/prob/likelihoods.ts",
        section: "a-kl-term-in-closed-form",
        hints: [
          "Elementwise ½(µ² + σ² − 1 − log σ²) with σ² = exp(logVar) and log σ² = logVar, then " +
          "one sum per sample.",
          "sumPerSample (imported) sums a [B, …] tensor over every axis but the first.",
        ],
      },
      {
        id: "7.3",
        title: "bernoulliLogLikelihood: log p(x | logits) per sample, stable for large logits",
        file: "bernoulli_log_likelihood.ts",
        source: "lib/prob/likelihoods.ts",
        section: "a-bernoulli-likelihood-for-pixels",
        hints: [
          "x·log σ(l) + (1 − x)·log(1 − σ(l)) simplifies to x·l − softplus(l), which never " +
          "takes the log of 0 (tf.softplus is stable).",
          "Sum per sample with sumPerSample: the result is [B].",
        ],
      },
      {
        id: "7.4",
        title: "negativeElbo: the VAE's loss from reconstruction and KL",
        file: "negative_elbo.ts",
        source: "lib/models/vae.ts",
        section: "the-evidence-lower-bound",
        hints: [
          "reconstruction = batch mean of −bernoulliLogLikelihood(x, logits); kl = batch mean of " +
          "klStandardNormal(mean, logVar); loss = reconstruction + β·kl.",
          "Return { loss, terms: { reconstruction, kl } } from inside tf.tidy.",
        ],
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
        title: "sampleWeights: one function sample w = µ + softplus(ρ)⊙ε",
        file: "sample_weights.ts",
        source: "lib/nn/bnn.ts",
        section: "one-function-sample-then-solve",
        hints: [
          "For the k-th tensor: σ_k = tf.softplus(rhos[k]) and ε_k = standardNormal(mean.shape, " +
          "seed + k); w_k = means[k] + σ_k⊙ε_k.",
          "seed + k, not seed, for every tensor: otherwise tensors of the same shape would share " +
          "their noise. Map over means inside one tf.tidy and return the array.",
        ],
      },
      {
        id: "8.2",
        title: "meanFieldKl: KL(q(w) ‖ p(w)) summed over every weight",
        file: "mean_field_kl.ts",
        source: "lib/nn/bnn.ts",
        section: "the-variational-posterior",
        hints: [
          "klGaussians(meanQ, logVarQ, meanP, logVarP) sums one tensor's KL. Here meanP = 0, " +
          "logVarP = 2·log(priorStd) and logVarQ = 2·log(softplus(ρ)).",
          "Add the KLs of all tensors with tf.addN, inside tf.tidy.",
        ],
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
        hints: [
          "reconstruction = batch mean of bernoulliLogLikelihood(frames, logits) (a " +
          "log-likelihood: positive is better); klZ0 = batch mean of klStandardNormal(mean, " +
          "logVar); klW = klWeights / dataSize.",
          "loss = klZ0 − reconstruction + klW: the weights' KL is paid once per data set, so a " +
          "minibatch pays 1/N of it per sequence.",
          "Return { loss, terms: { reconstruction, klZ0, klW } } from inside tf.tidy.",
        ],
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
        hints: [
          "Make the per-series step a column: tf.tensor2d(dt.map((d) => d / substeps), " +
          "[B, 1]); it broadcasts over the H hidden units.",
          "Repeat substeps times: h = h + field(h)·step (Euler). A series with dt = 0 stays " +
          "where it is; a negative dt goes back in time.",
        ],
      },
      {
        id: "10.2",
        title: "odeRnnBackward: the encoder's pass from the last observation back to t0",
        file: "ode_rnn_backward.ts",
        source: "lib/models/latent_ode.ts",
        section: "the-ode-rnn-encoder",
        hints: [
          "Loop k = K−1 … 0. Before folding in observation k (except the last one), evolve h by " +
          "the gaps times[b][k] − times[b][k+1], one per series; then h = update(k, h).",
          "After the loop, one more evolve from each series' first observation to t0: gaps " +
          "t0 − times[b][0].",
        ],
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
        hints: [
          "tf.fill([b, height, width, 1], t) is the extra channel; tf.concat along axis 3 (the " +
          "channels) appends it.",
        ],
      },
      {
        id: "11.2",
        title: "odeBlock: h(T) = h0 + ∫ f(t, h) dt, with its NFE, direct or adjoint",
        file: "ode_block.ts",
        source: "lib/models/odenet.ts",
        section: "the-ode-block",
        hints: [
          "Solve on the times [0, endTime] with solve(field, h0, t, options): it returns ys and " +
          "stats, and options.gradient already picks backprop or the adjoint.",
          "ys has the states at both times, [2, ...h0.shape]: h1 is its second row (tf.slice " +
          "then tf.squeeze, inside tf.tidy so ys is freed).",
          "Return { h1, stats, backwardStats }: the solution's backwardStats, set only by the " +
          "adjoint.",
        ],
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
        hints: [
          "tf.valueAndGrads((x) => f(x))([tf.tile(z, [d, 1])], units) returns f on the d " +
          "copies and the vector–Jacobian products: row k·n + i is e_kᵀJ(z_i).",
          "Reshape the products to [d, n, d], multiply by tf.reshape(tf.eye(d), [d, 1, d]) to " +
          "keep entry k of copy k, and sum over axes 0 and 2: the trace per point, [n].",
          "dz is the first copy of the value: tf.slice(value, [0, 0], [n, d]).",
        ],
      },
      {
        id: "12.2",
        title: "hutchinsonTrace: the unbiased estimate εᵀ(∂f/∂z)ε",
        file: "hutchinson_trace.ts",
        source: "lib/models/cnf.ts",
        section: "computing-the-trace",
        hints: [
          "One vector–Jacobian product with the probes as cotangent: tf.valueAndGrads((x) => " +
          "f(x))([z], epsilon) gives f(z) and εᵀJ per row.",
          "The estimate per row is the dot product of εᵀJ with ε: tf.sum(tf.mul(grads[0], " +
          "epsilon), 1).",
        ],
      },
      {
        id: "12.3",
        title: "changeOfVariables: the augmented field on [z, Δ] with dΔ/dt = −Tr",
        file: "change_of_variables.ts",
        source: "lib/models/cnf.ts",
        section: "the-instantaneous-change-of-variables",
        hints: [
          "Return (t, y) => …: split z = the first d columns of y ([n, d + 1]), get { dz, trace } " +
          "from fieldAndTrace(t, z), and put [dz, −trace] back together as [n, d + 1].",
          "tf.slice(y, [0, 0], [n, d]) for z; tf.concat([dz, tf.neg(tf.reshape(trace, [n, 1]))], " +
          "1) for the result, inside tf.tidy.",
        ],
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
        hints: [
          "tf.concat([x, tf.zeros([B, extra])], 1); with extra = 0 return x.clone() (a new " +
          "tensor the caller may dispose).",
        ],
      },
      {
        id: "13.2",
        title: "anodeMap: augment, flow, and read out the first coordinates at the end",
        file: "anode_map.ts",
        source: "lib/models/anode.ts",
        section: "augmented-neural-odes",
        hints: [
          "ys = flow(augmentWithZeros(x, augmentDims)) is [T, B, dim + augmentDims]; the answer " +
          "is the last time's first dim coordinates.",
          "tf.slice(ys, [T − 1, 0, 0], [1, −1, dim]) then tf.reshape to [B, dim] (−1 for B), " +
          "inside tf.tidy.",
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
