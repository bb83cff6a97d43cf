/**
 * The step-size controller's constants, as in torchdiffeq: the safety factor and the bounds on
 * how much one step may grow or shrink the next. Apart from step_control.ts, which holds the
 * exercise kit's answer to task 3.3, so that the task's stub can import them without showing it.
 */

export const SAFETY = 0.9;

export const MAX_GROWTH = 10;

export const MAX_SHRINK = 0.2;
