/** An endpoint's answer to one attempt, or why there was none (no connection, refused by our policy). */
type Answer = { kind: 'response'; statusCode: number } | { kind: 'no_response' | 'refused'; error: string };

/** What an attempt records: any 2xx is delivered; otherwise the status (none without an answer) and why. */
export type AttemptResult =
  | { delivered: true; statusCode: number }
  | { delivered: false; statusCode: number | null; error: string };

export function attemptResult(answer: Answer): AttemptResult {
  if (answer.kind !== 'response') return { delivered: false, statusCode: null, error: answer.error };
  if (answer.statusCode >= 200 && answer.statusCode < 300)
    return { delivered: true, statusCode: answer.statusCode };
  return { delivered: false, statusCode: answer.statusCode, error: `answered ${answer.statusCode}` };
}

/** A delivery row's columns after a failed attempt: retried (pending) unless `final`. */
export function failedAttemptColumns(
  result: Extract<AttemptResult, { delivered: false }>,
  attempt: number,
  final: boolean,
) {
  return {
    status: final ? ('failed' as const) : ('pending' as const),
    attempts: attempt,
    lastStatusCode: result.statusCode,
    lastError: result.error,
  };
}

/** A delivery row's columns after the attempt that delivered it. */
export function deliveredColumns(result: Extract<AttemptResult, { delivered: true }>, attempt: number) {
  return {
    status: 'delivered' as const,
    attempts: attempt,
    lastStatusCode: result.statusCode,
    lastError: null,
    deliveredAt: new Date(),
  };
}
