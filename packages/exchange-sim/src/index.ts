export type { Credentials } from './engine/accounts.ts';
export type { MatchingConfig } from './engine/state.ts';
export type { SimControl } from './control/sim-control.ts';
export type { CreateAccountInput, CreateApiKeyInput, PriceWalkInput } from './control/control-schemas.ts';
export { DEFAULT_PRODUCTS, type ProductConfigInput } from './domain/products.ts';
export { type FaultSpec, faultSpecSchema } from './faults/fault-spec.ts';
export { signRequest, signWsAuth } from './sign.ts';
export { type Simulator, startSimulator } from './start.ts';
export type { SimulatorOptions } from './types/options.ts';
