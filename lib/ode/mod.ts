/** lib/ode: explicit Runge–Kutta solvers driven by Butcher tableaux, and the adjoint. */
export { odeint, type Solution, solve, solveAsync, type VectorField } from "./solve.ts";
export {
  type AdjointOptions,
  type AdjointSolution,
  odeintAdjoint,
  solveAdjoint,
} from "./adjoint.ts";
export { DEFAULT_ATOL, DEFAULT_MAX_STEPS, DEFAULT_RTOL, type SolveOptions } from "./options.ts";
export type { SolveStats } from "./stats.ts";
export {
  type ButcherTableau,
  isAdaptive,
  METHOD_NAMES,
  type MethodName,
  TABLEAUX,
} from "./tableaux.ts";
export {
  NonFiniteStateError,
  OdeArgumentError,
  OdeError,
  OdeShapeError,
  StepBudgetError,
} from "./errors.ts";
