/** The course library: import from here in islands, solutions, scripts and tests. */
export * from "./ode/mod.ts";
export * from "./backend.ts";
export * from "./nn/mlp.ts";
