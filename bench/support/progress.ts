// What the benchmark is doing now: one line rewritten in place on a terminal, plain lines otherwise
// (CI logs, pipes), on stderr so stdout stays for the summary.

export interface Progress {
  update(text: string): void;
  /** A line that stays (a finished step's result). */
  log(text: string): void;
  done(): void;
}

export function createProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s`;
  if (!stream.isTTY) {
    let lastStep = '';
    let lastAt = 0;
    return {
      update(text) {
        // Plain output (CI logs, pipes) gets a line when the step changes and at most one per 5 s within it.
        const step = text.split(':')[0] ?? text;
        const now = performance.now();
        if (step === lastStep && now - lastAt < 5_000) return;
        stream.write(`[${elapsed()}] ${text}\n`);
        lastStep = step;
        lastAt = now;
      },
      log: (text) => stream.write(`[${elapsed()}] ${text}\n`),
      done() {},
    };
  }
  const width = () => Math.max(20, (stream.columns ?? 100) - 1);
  let shown = false;
  return {
    update(text) {
      stream.write(`\r\x1b[2K${`[${elapsed()}] ${text}`.slice(0, width())}`);
      shown = true;
    },
    log(text) {
      stream.write(`${shown ? '\r\x1b[2K' : ''}[${elapsed()}] ${text}\n`);
      shown = false;
    },
    done() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}
