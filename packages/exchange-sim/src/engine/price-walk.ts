import { Decimal } from 'decimal.js';
import { setMark } from './marks.ts';
import { roundToTick } from './position-math.ts';
import type { Rng } from './rng.ts';
import type { SimState } from './state.ts';

export interface PriceWalkConfig {
  /** Products to move; all when absent. */
  symbols?: string[] | undefined;
  intervalMs: number;
  /** Largest move per step, in basis points (uniform in ±this). */
  stepBps: number;
}

/** A seeded random walk of mark prices: the same seed gives the same path. */
export class PriceWalk {
  private timer: NodeJS.Timeout | undefined;
  private readonly state: SimState;
  private readonly rng: Rng;

  constructor(state: SimState, rng: Rng) {
    this.state = state;
    this.rng = rng;
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  start(config: PriceWalkConfig): void {
    this.stop();
    const symbols = config.symbols ?? [...this.state.productsBySymbol.keys()];
    const products = symbols.map((s) => this.state.productBySymbol(s));
    this.timer = setInterval(() => {
      for (const product of products) {
        const move = new Decimal(this.rng.next() * 2 - 1).mul(config.stepBps).div(10_000);
        const next = roundToTick(product.mark.mul(move.add(1)), product.tickSize);
        if (next.gt(0)) setMark(this.state, product, next);
      }
    }, config.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
