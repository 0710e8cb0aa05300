import type { LiveEvent } from '@copytrade/audit-log';

const dim = (s: string) => `\x1b[2m${s}\x1b[0m`;
const green = (s: string) => `\x1b[32m${s}\x1b[0m`;
const yellow = (s: string) => `\x1b[33m${s}\x1b[0m`;
const red = (s: string) => `\x1b[31m${s}\x1b[0m`;
const bold = (s: string) => `\x1b[1m${s}\x1b[0m`;

export const paint = { dim, green, yellow, red, bold };

export function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

/** One line per copy as the audit trail records it: the operator's live view. */
export function liveLine(event: LiveEvent, labelOf: (accountId: string) => string): string | null {
  switch (event.type) {
    case 'order.accepted': {
      const p = event.payload;
      const price = p.avgFillPrice ?? p.limitPrice ?? '';
      return `    ${green('✓')} ${labelOf(p.followerAccountId).padEnd(6)} ${p.side.padEnd(4)} ${String(p.size).padStart(4)} ${p.symbol.padEnd(7)} ${p.leg.padEnd(8)} ${dim(`@ ${price}`.padEnd(14))} ${bold(`${p.latencyMs} ms`)}`;
    }
    case 'copy.skipped': {
      const p = event.payload;
      return `    ${yellow('–')} ${labelOf(p.followerAccountId).padEnd(6)} skipped ${p.symbol}: ${p.reason} ${dim(`(${p.detail})`)}`;
    }
    case 'order.rejected': {
      const p = event.payload;
      return `    ${red('✗')} ${labelOf(p.followerAccountId).padEnd(6)} ${p.side} ${p.size} ${p.symbol} rejected: ${p.code}`;
    }
    case 'sync.status': {
      const p = event.payload;
      if (p.state === 'in_sync' && p.repairs === 0) return null;
      const mark = p.state === 'in_sync' ? green('=') : p.state === 'failed' ? red('!') : yellow('~');
      return `    ${mark} ${labelOf(p.followerAccountId).padEnd(6)} exit-sync ${p.symbol}: ${p.state} ${dim(`(target ${signed(p.totalTarget)}, exchange ${signed(p.actual)}, drift ${signed(p.drift)})`)}`;
    }
    case 'sync.corrected': {
      const p = event.payload;
      const legs = p.legs.map((l) => `${l.side} ${l.size}${l.reduceOnly ? ' reduce-only' : ''}`).join(', ');
      return `    ${yellow('↺')} ${labelOf(p.followerAccountId).padEnd(6)} corrective order ${p.symbol}: ${legs}${p.capped ? dim(' (capped)') : ''}`;
    }
    default:
      return null;
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
