/** Every shipped model's recipe, by name (the folder in weights/). */
import type { Module } from "../../lib/nn/module.ts";
import type { Recipe } from "./recipe.ts";
import { anodeToy } from "./anode_toy.ts";
import { cnfCircles } from "./cnf_circles.ts";
import { latentOdeSpirals } from "./latent_ode_spirals.ts";
import { nodeVdp } from "./node_vdp.ts";
import { odenetMnist } from "./odenet_mnist.ts";
import { odevaeRotmnist } from "./odevae_rotmnist.ts";
import { vaeMnist } from "./vae_mnist.ts";

export const RECIPES: Record<string, Recipe<Module>> = Object.fromEntries(
  [nodeVdp, vaeMnist, odevaeRotmnist, latentOdeSpirals, odenetMnist, cnfCircles, anodeToy].map(
    (r) => [r.name, r as unknown as Recipe<Module>],
  ),
);
