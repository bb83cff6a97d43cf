/**
 * Mine build only: which kit tasks' functions each demo runs (by its DemoFrame kind), so its
 * label can say whose code that is. The lib functions are replaced where they are defined, so a
 * demo runs the learner's function wherever the library would have called it.
 */
export const DEMO_TASKS: Record<string, string[]> = {
  // Lecture 1's demos run the plain solver in a mine build (plain_solve.runtime.ts).
  "solver-playground": ["1.1", "1.2", "2.1", "2.2", "3.1", "3.2", "3.3", "3.4", "4.1", "4.2"],
  "solver-race": ["1.1", "1.2", "2.1", "2.2", "3.1", "3.2", "3.3", "3.4", "4.1", "4.2"],
  // Its step goes through optimizerStep in a mine build (node_step.runtime.ts).
  "node-training": ["6.1", "6.2", "6.3"],
  "adjoint-compare": ["5.1", "5.2", "3.3"],
  "vae-training": ["7.1", "7.2", "7.3", "7.4"],
  "odevae-training": ["9.1", "8.1", "8.2", "7.1", "7.2", "7.3"],
  "latent-ode": ["10.1", "10.2", "7.1", "7.2"],
  "odenet-training": ["11.1", "11.2"],
  "odenet-solvers": ["11.1", "11.2", "3.3"],
  "cnf-training": ["12.1", "12.2", "12.3"],
  "anode-crossing": ["13.1", "13.2", "0.1"],
};
