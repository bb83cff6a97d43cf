/** What a solve cost: evaluations of f, and accepted/rejected steps. */
export interface SolveStats {
  /** Number of evaluations of the vector field. */
  nfe: number;
  accepted: number;
  rejected: number;
}

export function emptyStats(): SolveStats {
  return { nfe: 0, accepted: 0, rejected: 0 };
}
