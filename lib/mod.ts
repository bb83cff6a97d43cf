/** The course library: import from here in islands, solutions, scripts and tests. */
export * from "./ode/mod.ts";
export * from "./backend.ts";
export * from "./nn/mod.ts";
export * from "./train/mod.ts";
export * from "./io/mod.ts";
