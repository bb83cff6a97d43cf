/**
 * lib/ode: explicit Runge–Kutta solvers driven by Butcher tableaux, the adjoint, and forward
 * sensitivities.
 */
export {
  GRADIENT_METHODS,
  type GradientMethod,
  type GradientOptions,
  odeint,
  type Solution,
  solve,
  solveAsync,
  type VectorField,
} from "./solve.ts";
export {
  type AdjointOptions,
  type AdjointSolution,
  odeintAdjoint,
  solveAdjoint,
} from "./adjoint.ts";
export {
  sensitivityDynamics,
  sensitivityGradients,
  type SensitivityOptions,
  type SensitivitySolution,
  solveSensitivity,
} from "./sensitivity.ts";
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
  OdeDtypeError,
  OdeError,
  OdeShapeError,
  StepBudgetError,
} from "./errors.ts";
