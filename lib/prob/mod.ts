/** lib/prob: seeded randomness and the likelihoods and KL terms every ELBO is made of. */
export * from "./random.ts";
export * from "./likelihoods.ts";
export * from "./normal_noise.ts";
export * from "./probe_noise.ts";
export * from "./moments.ts";
