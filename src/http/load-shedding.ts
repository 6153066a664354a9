// Load shedding (API.md 23): while the event loop lags past MAX_EVENT_LOOP_DELAY_MS, requests get 503 OVERLOADED with
// Retry-After instead of queueing. The lag comes from a source the app options may replace, so tests drive it
// directly instead of blocking the loop and waiting for a sampler's timer (issue 12.20).
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { AppError } from './errors.js';

/** The current event-loop delay in milliseconds (the mean of the last sample window). */
export interface EventLoopDelaySource {
  delayMs(): number;
  /** Starts sampling (called once the app is ready, so start-up compilation does not count). */
  start?(): void;
  stop?(): void;
  /** Work the service knowingly runs synchronously (an import) begins / has answered (issue 21.2.1). */
  beginKnownBlocking?(): void;
  endKnownBlocking?(): void;
}

const RESOLUTION_MS = 10;

/**
 * The window's mean delay less the histogram's resolution (what @fastify/under-pressure computes); `sample()` closes
 * a window. The production source samples on an unref'd timer; tests call `sample()` on a fake histogram.
 */
export class HistogramDelaySampler implements EventLoopDelaySource {
  private current = 0;
  private timer: NodeJS.Timeout | undefined;
  constructor(
    private readonly histogram: Pick<IntervalHistogram, 'mean' | 'reset'> & Partial<Pick<IntervalHistogram, 'enable' | 'disable'>> = monitorEventLoopDelay({ resolution: RESOLUTION_MS }),
    private readonly intervalMs = 500,
  ) {}
  /** Known-blocking sections running, and whether the open window overlapped one. */
  private blocking = 0;
  private windowSpansBlocking = false;
  /**
   * Honest shedding (issue 21.2.1): a 10,000-row import holds the loop for seconds in one synchronous transaction; that
   * delay is the import's own, not overload, and shedding on it refused the next request of an idle server. A window
   * that overlaps a known-blocking section (begin..end, the import's request through its answer) is discarded: its
   * sample leaves the last honest value in place, and when the section ends the histogram is reset so the next
   * window starts clean. Delay from anything else (concurrent load, or load still there after the import) is measured
   * in the windows that follow, as before.
   */
  beginKnownBlocking(): void {
    this.blocking++;
    this.windowSpansBlocking = true;
  }
  endKnownBlocking(): void {
    if (this.blocking > 0) this.blocking--;
    if (this.blocking === 0) {
      this.histogram.reset();
      this.windowSpansBlocking = false;
    }
  }
  sample(): number {
    if (this.windowSpansBlocking) {
      this.histogram.reset();
      this.windowSpansBlocking = this.blocking > 0;
      return this.current;
    }
    const mean = this.histogram.mean / 1e6;
    this.current = Number.isNaN(mean) ? 0 : Math.max(0, mean - RESOLUTION_MS);
    this.histogram.reset();
    return this.current;
  }
  delayMs(): number {
    return this.current;
  }
  start(): void {
    this.histogram.enable?.();
    this.histogram.reset();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.histogram.disable?.();
  }
}

export const RETRY_AFTER_SECONDS = 10;

async function loadShedding(app: FastifyInstance, opts: { maxDelayMs: number; source: EventLoopDelaySource }) {
  const { maxDelayMs, source } = opts;
  app.addHook('onReady', async () => source.start?.());
  app.addHook('onClose', async () => source.stop?.());
  // Synchronous (callback style): no promise per request.
  app.addHook('onRequest', (_request, _reply, done) => {
    const delay = source.delayMs();
    if (delay > maxDelayMs) {
      return done(
        new AppError('OVERLOADED', `The service is under pressure (event loop delay ${Math.round(delay)} ms); retry later`, {
          headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
        }),
      );
    }
    done();
  });
}

export default fp(loadShedding, { name: 'load-shedding' });
