// Outcomes of a drain that are not failures: the worker maps each to a BullMQ move that costs no attempt.

/** Another drainer holds (or took over) this outbox: look again in a moment. */
export class DrainBusy extends Error {
  override readonly name: string = 'DrainBusy';
}

/**
 * Another process holds the outbox's drain lock as the drain starts: exit-sync reading the follower's
 * position (one exchange read), or another executor's drain, which sends this kick's legs too. Such a
 * hold usually ends within milliseconds, so the kick looks again in process first (`waitOutHold`).
 */
export class OutboxHeld extends DrainBusy {
  override readonly name = 'OutboxHeld';
}

/** The broker host's circuit is open: wait until it lets a trial through. */
export class BreakerOpenDelay extends Error {
  override readonly name = 'BreakerOpenDelay';
  readonly untilMs: number;
  constructor(host: string, untilMs: number) {
    super(`circuit for ${host} is open until ${new Date(untilMs).toISOString()}`);
    this.untilMs = untilMs;
  }
}

/** The follower's API key hit Delta's rate limit: hold that account (only) until the window resets. */
export class RateLimitPause extends Error {
  override readonly name = 'RateLimitPause';
  readonly resetMs: number;
  constructor(resetMs: number) {
    super(`rate limited for ${resetMs} ms`);
    this.resetMs = resetMs;
  }
}

/** The account is held after a 429 (by this drain or another): its jobs wait until `untilMs`. */
export class RateLimitHeld extends Error {
  override readonly name = 'RateLimitHeld';
  readonly untilMs: number;
  constructor(untilMs: number) {
    super(`rate limited until ${new Date(untilMs).toISOString()}`);
    this.untilMs = untilMs;
  }
}

/** The kill switch is engaged: nothing new is sent until an operator releases it. */
export class KillSwitchHold extends Error {
  override readonly name = 'KillSwitchHold';
}

/**
 * A leg's outcome could not be put on the audit queue: its head stays in the outbox, and the next
 * drain finds the leg settled and records the outcome again, once the queue takes events.
 */
export class AuditUnavailable extends Error {
  override readonly name = 'AuditUnavailable';
}

/** A wait the worker turns into a move, never a failure (not even on a job's last attempt). */
export function isWait(
  error: unknown,
): error is
  | DrainBusy
  | BreakerOpenDelay
  | RateLimitPause
  | RateLimitHeld
  | KillSwitchHold
  | AuditUnavailable {
  return (
    error instanceof DrainBusy ||
    error instanceof AuditUnavailable ||
    error instanceof BreakerOpenDelay ||
    error instanceof RateLimitPause ||
    error instanceof RateLimitHeld ||
    error instanceof KillSwitchHold
  );
}
