/**
 * One explicit Runge–Kutta step for any Butcher tableau: the single stepper behind every method.
 */
import type { ButcherTableau } from "./tableaux.ts";
import { lincomb, type State, type StateField, type Term } from "./state.ts";

export interface RkStep {
  y1: State;
  /** Stage derivatives k_1 … k_s (k_1 is the f0 passed in, not a copy). */
  k: State[];
  /** dt·Σ e_i·k_i for embedded pairs; undefined for fixed-step methods. */
  err?: State;
}

/**
 * Takes the step from (t0, y0) to t0 + dt. `f0` = f(t0, y0) is supplied by the caller so that
 * FSAL methods and cached grid values cost no extra evaluation. The caller owns every returned
 * tensor except k[0] (which it passed in).
 */
export function rkStep(
  f: StateField,
  tableau: ButcherTableau,
  t0: number,
  dt: number,
  y0: State,
  f0: State,
): RkStep {
  const { a, b, c } = tableau;
  const t1 = t0 + dt;
  const k: State[] = [f0];
  let y1: State | undefined;
  for (let i = 1; i < c.length; i++) {
    const yi = lincomb([[y0, 1], ...a[i].map((aij, j): Term => [k[j], dt * aij])]);
    // A stage at c = 1 uses t1 itself so that rounding in t0 + 1·dt cannot drift the clock.
    const ki = f(c[i] === 1 ? t1 : t0 + c[i] * dt, yi);
    k.push(ki);
    if (tableau.fsal && i === c.length - 1) y1 = yi; // last row of a equals b
    else yi.forEach((x) => x.dispose());
  }
  y1 ??= lincomb([[y0, 1], ...b.map((bi, i): Term => [k[i], dt * bi])]);
  const err = tableau.e ? lincomb(tableau.e.map((ei, i): Term => [k[i], dt * ei])) : undefined;
  return { y1, k, err };
}
