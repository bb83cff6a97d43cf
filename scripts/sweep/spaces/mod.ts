/** The models a sweep can search, by name. */
import type { SweepSpace } from "../space.ts";
import { anodeToySpace } from "./anode_toy.ts";
import { latentOdeSpiralsSpace } from "./latent_ode_spirals.ts";
import { nodeVdpSpace } from "./node_vdp.ts";
import { vaeMnistSpace } from "./vae_mnist.ts";

export const SPACES: Record<string, SweepSpace> = Object.fromEntries(
  [vaeMnistSpace, nodeVdpSpace, anodeToySpace, latentOdeSpiralsSpace].map((s) => [s.model, s]),
);
