/**
 * lib/zoo: the course's shipped models as presets (name, configuration, `build(seed)`, evaluation
 * constants), for the pages, the recipes (scripts/recipes/ adds training and evaluation) and the
 * model cards. The top layer of lib: it may import every other.
 */
import type { Module } from "../nn/module.ts";
import { ANODE_TOY } from "./anode_toy.ts";
import { CNF_CIRCLES } from "./cnf_circles.ts";
import { LATENT_ODE_SPIRALS } from "./latent_ode_spirals.ts";
import { NODE_VDP } from "./node_vdp.ts";
import { ODENET_MNIST } from "./odenet_mnist.ts";
import { ODEVAE_ROTMNIST } from "./odevae_rotmnist.ts";
import type { Preset } from "./preset.ts";
import { VAE_MNIST } from "./vae_mnist.ts";

export type { Preset };
export {
  ANODE_TOY,
  CNF_CIRCLES,
  LATENT_ODE_SPIRALS,
  NODE_VDP,
  ODENET_MNIST,
  ODEVAE_ROTMNIST,
  VAE_MNIST,
};
export * from "./cards.ts";

/** Every shipped model's preset, by name (the folder in weights/), in the course's order. */
export const PRESETS: Record<string, Preset<Module>> = Object.fromEntries(
  [NODE_VDP, VAE_MNIST, ODEVAE_ROTMNIST, LATENT_ODE_SPIRALS, ODENET_MNIST, CNF_CIRCLES, ANODE_TOY]
    .map((p) => [p.name, p as Preset<Module>]),
);
