// What the service logs about a request, and where log lines go.
// - Request lines carry the method, the path, the route and the NAMES of the query parameters, never their values:
//   search text (q=13987654321, an ID-card number) is personal data (issue 11). Path parameters are ids.
// - A stream that fails after its headers were sent is a server fault: logged at error level with the request id.
// - Lines go through a bounded asynchronous buffer (createLogDestination): a stalled reader costs log lines, never
//   the service.
import type { FastifyRequest } from 'fastify';
import { LogController } from 'fastify';
import { addressHash } from '../lib/address-hash.js';
import sonicBoom, { type SonicBoom as SonicBoomClass } from 'sonic-boom';

// sonic-boom is CommonJS (module.exports = the class); its types declare it as an ES default export.
const SonicBoom = sonicBoom as unknown as typeof SonicBoomClass;

/** The path and the names of the query parameters (values left out: search text may be personal data). */
export function loggableUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const names = new Set<string>();
  for (const pair of url.slice(q + 1).split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    names.add(eq < 0 ? pair : pair.slice(0, eq));
  }
  return `${url.slice(0, q)}?${[...names].map((n) => `${n}=[redacted]`).join('&')}`;
}

/** The public opinion routes, whose callers are citizens: their address is personal data (issue 21). */
const PUBLIC_OPINIONS = '/v1/public/opinions';

/**
 * pino serializer of a Fastify request (Fastify's own logs the full URL, query included). On the public opinion
 * routes the address is logged as `addr:` + an HMAC-SHA-256 of it under the server's generated key (16 hex), never
 * in clear: lines of one submitter still correlate, the address cannot be read back.
 */
export function requestSerializer(addressKey: Buffer) {
  return (request: FastifyRequest) => {
    const url = request.url;
    const citizen = url.startsWith(PUBLIC_OPINIONS) && (url.length === PUBLIC_OPINIONS.length || '/?:'.includes(url[PUBLIC_OPINIONS.length]!));
    return {
      method: request.method,
      url: loggableUrl(url),
      route: request.routeOptions?.url,
      host: request.host,
      remoteAddress: citizen ? `addr:${addressHash(addressKey, request.ip, 16)}` : request.ip,
      remotePort: citizen ? undefined : request.socket?.remotePort,
    };
  };
}

export class ServiceLogController extends LogController {
  override streamError(error: Error & { code?: string }, request: FastifyRequest, reply: Parameters<LogController['streamError']>[2]) {
    if (error.code === 'ERR_STREAM_PREMATURE_CLOSE') return super.streamError(error, request, reply);
    if (this.isLogDisabled(request)) return;
    reply.log.error({ err: error }, 'streamed response failed after its headers were sent; the response was cut off');
  }
}

/**
 * Where the service's log lines go when stdout is not a terminal: an asynchronous writer with a bounded buffer, so a
 * log collector that stops reading (a full pipe) never blocks request handling or shutdown (issue 11). When the buffer
 * holds `maxBufferBytes`, further lines are DROPPED (the newest, whole lines) and counted; once the buffer is half
 * empty again, a warn line `log lines dropped` with the count (`dropped`) precedes the next line. Nothing is flushed
 * synchronously at exit.
 */
export interface LogDestination {
  /** The stream pino writes to. */
  write(line: string): void;
  /** Lines dropped so far (reported or not). */
  droppedTotal(): number;
  /** Writes out what is buffered, giving up after `timeoutMs` (a stalled pipe): resolves either way. */
  flush(timeoutMs: number): Promise<void>;
}

/** The smallest write of buffered log lines, and how long a line may wait in the buffer at most. */
export const BATCH_BYTES = 8 * 1024;
export const FLUSH_MS = 100;

export function createLogDestination(options: { fd?: number; maxBufferBytes?: number; batchBytes?: number; flushMs?: number } = {}): LogDestination {
  const fd = options.fd ?? 1;
  // Opening process.stdout makes libuv put a piped stdout into non-blocking mode: a write to a full pipe then fails
  // with EAGAIN (retried later) instead of blocking a thread that process exit would wait for.
  if (fd === 1) void process.stdout.writable;
  const maxBufferBytes = options.maxBufferBytes ?? 4 * 1024 * 1024;
  // Lines are written in batches of at least BATCH_BYTES, and whatever is buffered at least every FLUSH_MS: one write
  // per line cost a thread-pool round trip each (2 per request at info: 12% of the CPU of a GET under load, and idle
  // time on the main thread while the pool's thread had the core; issue 13).
  const minLength = Math.min(options.batchBytes ?? BATCH_BYTES, Math.floor(maxBufferBytes / 2));
  const boom = new SonicBoom({ fd, sync: false, maxLength: maxBufferBytes, minLength, periodicFlush: options.flushMs ?? FLUSH_MS });
  let unreported = 0;
  let total = 0;
  let queued = 0; // bytes accepted and not yet written
  let dropped = false;
  boom.on('drop', () => {
    dropped = true;
  });
  boom.on('write', (n: number) => {
    queued -= n;
  });
  boom.on('error', () => {
    // EPIPE (the reader is gone) or another write error: logging stops; the service does not.
    boom.write = () => true;
    queued = 0;
    boom.emit('drain');
  });
  /** Hands `text` to the writer; false when it did not fit and was dropped. */
  const put = (text: string): boolean => {
    dropped = false;
    boom.write(text);
    if (!dropped) queued += Buffer.byteLength(text);
    return !dropped;
  };
  return {
    write(line: string) {
      // The count waits until the buffer is half empty: the reader is back, not just one small line's worth of room.
      if (unreported > 0 && queued <= maxBufferBytes / 2) {
        const notice = `${JSON.stringify({ level: 40, time: Date.now(), pid: process.pid, msg: 'log lines dropped', dropped: unreported })}\n`;
        if (put(notice)) unreported = 0;
      }
      if (!put(line)) (unreported++, total++);
    },
    droppedTotal: () => total,
    flush: (timeoutMs) =>
      new Promise<void>((resolve) => {
        if (queued <= 0) return resolve();
        // Lines below the batch size wait for the periodic flush: write them now.
        try {
          boom.flush();
        } catch {
          // destroyed (the reader is gone): nothing more will be written
        }
        const done = () => {
          clearTimeout(timer);
          boom.off('drain', done);
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        timer.unref();
        boom.on('drain', done);
      }),
  };
}
