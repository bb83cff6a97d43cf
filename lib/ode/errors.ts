/**
 * Typed errors of the ODE core. Every message names the offending argument (or the time at
 * which things went wrong) and says how to fix it, so a learner never has to read a stack trace
 * to know what to change.
 */

/** Base class: catch this to handle any solver error. */
export class OdeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A bad argument: `argument` is its name as written in the call (e.g. "t", "options.rtol"). */
export class OdeArgumentError extends OdeError {
  constructor(readonly argument: string, problem: string, readonly fix: string) {
    super(`${argument}: ${problem}. Fix: ${fix}`);
  }
}

/** The vector field returned a tensor whose shape differs from the state it was given. */
export class OdeShapeError extends OdeError {
  constructor(
    readonly expected: readonly number[],
    readonly got: readonly number[],
    readonly t: number,
  ) {
    super(
      `f(t, y) returned shape [${got}] at t=${t}, but the state y has shape [${expected}]. ` +
        `Fix: the vector field must return dy/dt with exactly the shape of y.`,
    );
  }
}

/** The vector field returned a tensor that is not float32 (e.g. int32 from integer arithmetic). */
export class OdeDtypeError extends OdeError {
  constructor(readonly got: string, readonly t: number) {
    super(
      `f(t, y) returned a ${got} tensor at t=${t}, but the solver works in float32. ` +
        `Fix: return a float tensor, e.g. tf.cast(dy, "float32"), and keep constants float ` +
        `(tf.scalar(2) rather than tf.scalar(2, "int32")).`,
    );
  }
}

/** NaN or ±Inf appeared in the state (or in y0). */
export class NonFiniteStateError extends OdeError {
  constructor(
    readonly t: number,
    readonly where: string,
    fix = "check y0 and the vector field for overflow or division by zero; for a stiff or " +
      "blowing-up problem tighten rtol/atol, use a smaller stepSize, or shorten the time span",
  ) {
    super(`non-finite value (NaN or Inf) in ${where} at t=${t}. Fix: ${fix}.`);
  }
}

/** The solver took more steps than `maxSteps` allows (or the step size underflowed). */
export class StepBudgetError extends OdeError {
  constructor(readonly t: number, readonly steps: number, reason: string) {
    super(
      `${reason} at t=${t} after ${steps} steps. Fix: raise options.maxSteps, loosen ` +
        `options.rtol/options.atol, or check whether the problem is stiff or blows up near this time.`,
    );
  }
}
