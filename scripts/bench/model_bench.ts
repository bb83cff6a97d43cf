/** A model's training-speed benchmark: set up a model and a fixed batch, then time steps. */
export interface ModelBench {
  /** e.g. "vae-mnist" */
  name: string;
  /** What one step is (model size, batch), for the table. */
  description: string;
  /** Builds the model, data and optimiser; `step` runs one optimiser step and returns the loss. */
  setup(): Promise<{ step(): number; dispose(): void }> | { step(): number; dispose(): void };
}
