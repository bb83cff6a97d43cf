/**
 * Butcher tableaux: every solver method is data, driven by the one stepper in rk_step.ts.
 *
 * A stage i evaluates k_i = f(t0 + c_i·dt, y0 + dt·Σ_j a_ij·k_j); the step's solution is
 * y1 = y0 + dt·Σ b_i·k_i and, for embedded pairs, the local error estimate is dt·Σ e_i·k_i with
 * e = b − b̂ (the difference between the solution and the embedded lower-order weights).
 */

/** How to evaluate the solution between the two ends of an accepted step. */
export type DenseOutput =
  /** Cubic Hermite through (y0, f0) and (y1, f1): third order, needs f at the step's end. */
  | { kind: "hermite" }
  /**
   * Quartic through y0, y1, f0, f1 and a fourth-order midpoint value
   * y(t0 + dt/2) ≈ y0 + dt·Σ mid_i·k_i (as torchdiffeq does for dopri5).
   */
  | { kind: "quartic"; mid: readonly number[] };

export interface ButcherTableau {
  readonly name: string;
  /** Global order of the solution weights b. */
  readonly order: number;
  readonly c: readonly number[];
  /** Lower-triangular rows: a[i] has i entries (a[0] is empty). */
  readonly a: readonly (readonly number[])[];
  readonly b: readonly number[];
  /** Error weights e = b − b̂; present exactly for adaptive (embedded) methods. */
  readonly e?: readonly number[];
  /** First-same-as-last: the last stage is f(t1, y1), reused as the next step's first stage. */
  readonly fsal: boolean;
  readonly dense: DenseOutput;
}

const HERMITE: DenseOutput = { kind: "hermite" };

export const EULER: ButcherTableau = {
  name: "euler",
  order: 1,
  c: [0],
  a: [[]],
  b: [1],
  fsal: false,
  dense: HERMITE,
};

export const MIDPOINT: ButcherTableau = {
  name: "midpoint",
  order: 2,
  c: [0, 1 / 2],
  a: [[], [1 / 2]],
  b: [0, 1],
  fsal: false,
  dense: HERMITE,
};

/** Heun's method (explicit trapezoid). */
export const HEUN: ButcherTableau = {
  name: "heun",
  order: 2,
  c: [0, 1],
  a: [[], [1]],
  b: [1 / 2, 1 / 2],
  fsal: false,
  dense: HERMITE,
};

/** The classic fourth-order Runge–Kutta method. */
export const RK4: ButcherTableau = {
  name: "rk4",
  order: 4,
  c: [0, 1 / 2, 1 / 2, 1],
  a: [[], [1 / 2], [0, 1 / 2], [0, 0, 1]],
  b: [1 / 6, 1 / 3, 1 / 3, 1 / 6],
  fsal: false,
  dense: HERMITE,
};

/** Kutta's 3/8 rule: the method torchdiffeq calls "rk4" (for step-by-step comparisons). */
export const RK4_38: ButcherTableau = {
  name: "rk4_38",
  order: 4,
  c: [0, 1 / 3, 2 / 3, 1],
  a: [[], [1 / 3], [-1 / 3, 1], [1, -1, 1]],
  b: [1 / 8, 3 / 8, 3 / 8, 1 / 8],
  fsal: false,
  dense: HERMITE,
};

/** Bogacki–Shampine 3(2), FSAL. */
export const BOSH3: ButcherTableau = {
  name: "bosh3",
  order: 3,
  c: [0, 1 / 2, 3 / 4, 1],
  a: [[], [1 / 2], [0, 3 / 4], [2 / 9, 1 / 3, 4 / 9]],
  b: [2 / 9, 1 / 3, 4 / 9, 0],
  e: [2 / 9 - 7 / 24, 1 / 3 - 1 / 4, 4 / 9 - 1 / 3, -1 / 8],
  fsal: true,
  dense: HERMITE,
};

/**
 * Dormand–Prince 5(4), FSAL, with Shampine's embedded fourth-order weights and midpoint
 * weights: the exact variant torchdiffeq uses, so that step counts can be compared.
 */
export const DOPRI5: ButcherTableau = {
  name: "dopri5",
  order: 5,
  c: [0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1, 1],
  a: [
    [],
    [1 / 5],
    [3 / 40, 9 / 40],
    [44 / 45, -56 / 15, 32 / 9],
    [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
    [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
    [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84],
  ],
  b: [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84, 0],
  e: [
    35 / 384 - 1951 / 21600,
    0,
    500 / 1113 - 22642 / 50085,
    125 / 192 - 451 / 720,
    -2187 / 6784 + 12231 / 42400,
    11 / 84 - 649 / 6300,
    -1 / 60,
  ],
  fsal: true,
  dense: {
    kind: "quartic",
    mid: [
      6025192743 / 30085553152 / 2,
      0,
      51252292925 / 65400821598 / 2,
      -2691868925 / 45128329728 / 2,
      187940372067 / 1594534317056 / 2,
      -1776094331 / 19743644256 / 2,
      11237099 / 235043384 / 2,
    ],
  },
};

/**
 * Tsitouras 5(4), FSAL (Tsitouras 2011). Its continuous extension b_i(θ) evaluated at θ = 1/2
 * gives the midpoint weights for the quartic dense output.
 */
const TSIT5_A: readonly (readonly number[])[] = [
  [],
  [0.161],
  [-0.008480655492356989, 0.335480655492357],
  [2.897153057105493, -6.359448489975075, 4.3622954328695815],
  [5.325864828439257, -11.748883564062828, 7.4955393428898365, -0.09249506636175525],
  [
    5.86145544294642,
    -12.92096931784711,
    8.159367898576159,
    -0.071584973281401,
    -0.028269050394068383,
  ],
  [
    0.09646076681806523,
    0.01,
    0.4798896504144996,
    1.379008574103742,
    -3.290069515436081,
    2.324710524099774,
  ],
];

/** Tsitouras' dense-output polynomials b_i(θ); b_i(1) equals the solution weight b_i. */
export function tsit5DenseWeights(theta: number): number[] {
  const s = theta;
  const s2 = s * s;
  return [
    -1.0530884977290216 * s * (s - 1.3299890189751412) *
    (s2 - 1.4364028541716351 * s + 0.7139816917074209),
    0.1017 * s2 * (s2 - 2.1966568338249754 * s + 1.2949852507374631),
    2.490627285651252793 * s2 * (s2 - 2.38535645472061657 * s + 1.57803468208092486),
    -16.54810288924490272 * (s - 1.21712927295533244) * (s - 0.61620406037800089) * s2,
    47.37952196281928122 * (s - 1.203071208372362603) * (s - 0.658047292653547382) * s2,
    -34.87065786149660974 * (s - 1.2) * (s - 0.666666666666666667) * s2,
    2.5 * (s - 1) * (s - 0.6) * s2,
  ];
}

export const TSIT5: ButcherTableau = {
  name: "tsit5",
  order: 5,
  c: [0, 0.161, 0.327, 0.9, 0.9800255409045097, 1, 1],
  a: TSIT5_A,
  b: [...TSIT5_A[6], 0],
  e: [
    -0.00178001105222577714,
    -0.0008164344596567469,
    0.007880878010261995,
    -0.1447110071732629,
    0.5823571654525552,
    -0.45808210592918697,
    1 / 66,
  ],
  fsal: true,
  dense: { kind: "quartic", mid: tsit5DenseWeights(0.5) },
};

export const TABLEAUX = {
  euler: EULER,
  midpoint: MIDPOINT,
  heun: HEUN,
  rk4: RK4,
  rk4_38: RK4_38,
  bosh3: BOSH3,
  dopri5: DOPRI5,
  tsit5: TSIT5,
} as const;

export type MethodName = keyof typeof TABLEAUX;
export const METHOD_NAMES = Object.keys(TABLEAUX) as MethodName[];

/** True for embedded pairs that adapt their step size. */
export function isAdaptive(tableau: ButcherTableau): boolean {
  return tableau.e !== undefined;
}
