/** lib/data: every lecture's data set, generated with a seed or shipped in an npm package. */
export * from "./linspace.ts";
export * from "./batches.ts";
export * from "./vdp.ts";
export * from "./crossing.ts";
export * from "./spirals.ts";
export * from "./toy2d.ts";
export * from "./mnist.ts";
export * from "./rotating_mnist.ts";
