/** The UTC day before `at`, as `YYYY-MM-DD`. */
export function previousUtcDay(at: Date): string {
  return new Date(at.getTime() - 86_400_000).toISOString().slice(0, 10);
}

/** The half-open interval [start, end) of a UTC day. */
export function utcDayRange(day: string): { from: Date; to: Date } {
  const from = new Date(`${day}T00:00:00.000Z`);
  if (Number.isNaN(from.getTime())) throw new Error(`not a day: ${day}`);
  return { from, to: new Date(from.getTime() + 86_400_000) };
}
