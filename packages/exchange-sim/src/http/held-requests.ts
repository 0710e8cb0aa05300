import type { Call } from './call.ts';

/**
 * Requests held by `hang` faults, per fault. Clearing a fault releases its requests to be processed
 * then; a stopping (or reset) exchange drops them unprocessed.
 */
export class HeldRequests {
  private readonly byFault = new Map<string, Call[]>();

  hold(faultId: string, call: Call): void {
    const calls = this.byFault.get(faultId);
    if (calls) calls.push(call);
    else this.byFault.set(faultId, [call]);
  }

  /** Hands the requests one fault holds (all, without an id) to `process`, in arrival order. */
  release(faultId: string | undefined, process: (call: Call) => void): number {
    const ids = faultId === undefined ? [...this.byFault.keys()] : [faultId];
    let n = 0;
    for (const id of ids) {
      const calls = this.byFault.get(id) ?? [];
      this.byFault.delete(id);
      for (const call of calls) process(call);
      n += calls.length;
    }
    return n;
  }

  /** Closes every held socket without processing its request. */
  dropAll(): void {
    for (const calls of this.byFault.values()) for (const call of calls) call.res.destroy();
    this.byFault.clear();
  }
}
