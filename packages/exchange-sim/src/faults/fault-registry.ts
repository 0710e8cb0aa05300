import type { SimClock } from '../engine/clock.ts';
import type { Rng } from '../engine/rng.ts';
import type { FaultScope, ParsedFaultSpec } from './fault-spec.ts';

export interface ActiveFault {
  id: string;
  spec: ParsedFaultSpec;
  remaining: number | null;
  expiresAt: number | null;
  gapLeft: number;
}

export interface FaultHooks {
  disconnectWs(userId: number | undefined): void;
  /** Processes the requests a `hang` fault holds (every fault's, without an id); returns how many. */
  releaseHeld(faultId: string | undefined): number;
}

function scopeOf(spec: ParsedFaultSpec): FaultScope | undefined {
  return spec.kind === 'clock_offset' ? undefined : spec.scope;
}

/** Injected faults, matched per request; randomness comes from the simulator's seeded RNG. */
export class FaultRegistry {
  private readonly faults = new Map<string, ActiveFault>();
  private nextId = 1;
  private readonly clock: SimClock;
  private readonly rng: Rng;
  hooks: FaultHooks | undefined;

  constructor(clock: SimClock, rng: Rng) {
    this.clock = clock;
    this.rng = rng;
  }

  get size(): number {
    return this.faults.size;
  }

  list(): ActiveFault[] {
    return [...this.faults.values()];
  }

  inject(spec: ParsedFaultSpec): string {
    const id = `fault-${this.nextId++}`;
    if (spec.kind === 'clock_offset') this.clock.offsetMs = spec.offsetMs;
    if (spec.kind === 'ws_disconnect') {
      this.hooks?.disconnectWs(spec.scope?.userId);
      return id;
    }
    const fault: ActiveFault = {
      id,
      spec,
      remaining: scopeOf(spec)?.count ?? null,
      expiresAt: spec.kind === 'rate_limit_storm' ? Date.now() + spec.durationMs : null,
      gapLeft: spec.kind === 'ws_gap' ? spec.events : 0,
    };
    this.faults.set(id, fault);
    return id;
  }

  /**
   * Removes a fault and releases the requests it holds: a `hang` whose count is spent no longer
   * matches, but keeps its requests until cleared. True when there was a fault or a held request.
   */
  clear(id: string): boolean {
    const fault = this.faults.get(id);
    if (fault) this.remove(fault);
    const released = this.hooks?.releaseHeld(id) ?? 0;
    return fault !== undefined || released > 0;
  }

  /** Removes every fault first, so held requests are processed on an undisturbed clock. */
  clearAll(): void {
    for (const fault of [...this.faults.values()]) this.remove(fault);
    this.hooks?.releaseHeld(undefined);
  }

  private remove(fault: ActiveFault): void {
    this.faults.delete(fault.id);
    if (fault.spec.kind === 'clock_offset') this.clock.offsetMs = 0;
  }

  /** The first live HTTP fault of `kind` matching this request; consumes one use of its count. */
  take(
    kind: ParsedFaultSpec['kind'],
    userId: number | undefined,
    routes: readonly string[],
  ): ActiveFault | undefined {
    if (this.faults.size === 0) return undefined;
    for (const fault of this.faults.values()) {
      if (fault.spec.kind !== kind) continue;
      if (fault.expiresAt !== null && Date.now() >= fault.expiresAt) {
        this.faults.delete(fault.id);
        continue;
      }
      const scope = scopeOf(fault.spec);
      if (scope?.userId !== undefined && scope.userId !== userId) continue;
      if (scope?.route !== undefined && !routes.includes(scope.route)) continue;
      if ('rate' in fault.spec && this.rng.next() >= fault.spec.rate) continue;
      this.consume(fault);
      return fault;
    }
    return undefined;
  }

  /** True when this v2/user_trades message should be silently skipped. */
  takeGap(userId: number): boolean {
    const fault = this.take('ws_gap', userId, []);
    if (!fault) return false;
    fault.gapLeft--;
    if (fault.gapLeft <= 0) this.faults.delete(fault.id);
    return true;
  }

  isHangActive(id: string): boolean {
    return this.faults.has(id);
  }

  jitter(maxMs: number): number {
    return maxMs === 0 ? 0 : Math.floor(this.rng.next() * (maxMs + 1));
  }

  private consume(fault: ActiveFault): void {
    if (fault.remaining === null) return;
    fault.remaining--;
    if (fault.remaining <= 0) this.faults.delete(fault.id);
  }
}
