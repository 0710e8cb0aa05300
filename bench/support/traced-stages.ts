import {
  copyAttributes,
  copySpans,
  legsOfTraces,
  type OtlpReceiver,
  startOtlpReceiver,
  summarizeStages,
  type TraceSpan,
} from '../../packages/telemetry/src/index.ts';

/** What `--trace` adds to every service's environment besides the receiver's address. */
const EXPORT_ENV = {
  OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
  // The SDK's batch goes out every 5 s by default; the stages are read right after the run.
  OTEL_BSP_SCHEDULE_DELAY: '200',
};

export type TracedStages = ReturnType<typeof summarizeStages>;

/**
 * The benchmark's own OTLP receiver (`--trace`): every service exports its spans to it, and each
 * fan-out's stages are read from the traces of its master's measured fills (its last `fills` traces
 * with a leg: the warm-up's come first).
 */
export class StageReader {
  readonly #receiver: OtlpReceiver;

  private constructor(receiver: OtlpReceiver) {
    this.#receiver = receiver;
  }

  static async start(): Promise<StageReader> {
    return new StageReader(await startOtlpReceiver());
  }

  /** The environment that sends a service's spans here. */
  env(): Record<string, string> {
    return { OTEL_EXPORTER_OTLP_ENDPOINT: this.#receiver.endpoint, ...EXPORT_ENV };
  }

  /** Stage durations over the last `fills` traced fills of this master that reached a leg. */
  stagesOf(masterAccountId: string, fills: number): TracedStages {
    return stagesOfMaster(this.#receiver.spans(), masterAccountId, fills);
  }

  /** Every span received, for `receive-traces.ts --read` or a closer look. */
  spans(): readonly TraceSpan[] {
    return this.#receiver.spans();
  }

  close(): Promise<void> {
    return this.#receiver.close();
  }
}

function stagesOfMaster(spans: readonly TraceSpan[], masterAccountId: string, fills: number) {
  const traces = new Set(
    spans
      .filter(
        (s) =>
          s.name === copySpans.masterFill && s.attributes[copyAttributes.masterAccountId] === masterAccountId,
      )
      .map((s) => s.traceId),
  );
  return summarizeStages(
    legsOfTraces(
      spans.filter((s) => traces.has(s.traceId)),
      fills,
    ),
  );
}
