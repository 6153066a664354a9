// One POST to a webhook target: the connection goes to the address the policy's lookup checked, redirects are not
// followed (3xx is a failure), at most 64 KB of the answer is read, and the whole exchange has a time limit.
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { hostOf, type NetworkPolicy } from './network.js';

export const DELIVERY_TIMEOUT_MS = 10_000;
export const MAX_ANSWER_BYTES = 64 * 1024;

export interface SendResult {
  statusCode: number | null;
  durationMs: number;
  /** Why the attempt failed (transport error, refusal, non-2xx); null on success. */
  error: string | null;
  /** Retry-After of the answer, in ms from now (seconds or an HTTP date), when present. */
  retryAfterMs: number | null;
  /** The start of the answer's body (at most 64 KB read, 1 KB kept). */
  answer: string;
}

export const succeeded = (r: SendResult): boolean => r.statusCode !== null && r.statusCode >= 200 && r.statusCode < 300;

export function parseRetryAfter(value: string | undefined, nowMs: number): number | null {
  if (!value) return null;
  if (/^\d{1,10}$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

export interface Sender {
  send(url: string, headers: Record<string, string>, body: string, signal?: AbortSignal): Promise<SendResult>;
  close(): void;
}

export function createSender(policy: NetworkPolicy, options: { timeoutMs?: number; now?: () => number } = {}): Sender {
  const timeoutMs = options.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  const now = options.now ?? Date.now;
  // Keep-alive agents: a socket is checked once, when its address is resolved, and reused for the next events.
  const agents = { 'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }), 'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }) };

  return {
    send(target, headers, body, signal) {
      const started = performance.now();
      const done = (statusCode: number | null, error: string | null, retryAfterMs: number | null = null, answer = ''): SendResult => ({
        statusCode,
        durationMs: Math.round(performance.now() - started),
        error,
        retryAfterMs,
        answer,
      });
      let url: URL;
      try {
        url = new URL(target);
      } catch {
        return Promise.resolve(done(null, 'the URL is not valid'));
      }
      const plainHttp = url.protocol === 'http:';
      const host = hostOf(url);
      // Node skips the lookup for an IP-literal host, so the literal is checked here.
      if (isIP(host)) {
        const why = policy.refusal(host, plainHttp);
        if (why) return Promise.resolve(done(null, `refused: ${why}`));
      }
      const transport = plainHttp ? http : https;
      return new Promise<SendResult>((resolve) => {
        let settled = false;
        const finish = (r: SendResult) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          resolve(r);
        };
        const req = transport.request(
          {
            protocol: url.protocol,
            hostname: host,
            port: url.port || undefined,
            path: `${url.pathname}${url.search}`,
            method: 'POST',
            headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'xiaoneng-webhooks/1' },
            agent: agents[url.protocol as 'http:' | 'https:'],
            lookup: policy.lookup(plainHttp),
          },
          (res) => {
            const chunks: Buffer[] = [];
            let size = 0;
            const status = res.statusCode ?? 0;
            const retryAfter = parseRetryAfter(res.headers['retry-after'], now());
            const conclude = () => {
              const answer = Buffer.concat(chunks).subarray(0, 1024).toString('utf8');
              const error = status >= 200 && status < 300 ? null : status >= 300 && status < 400 ? `the receiver answered ${status} (redirects are not followed)` : `the receiver answered ${status}`;
              finish(done(status, error, retryAfter, answer));
            };
            res.on('data', (chunk: Buffer) => {
              size += chunk.length;
              if (size <= MAX_ANSWER_BYTES) chunks.push(chunk);
              else {
                // Enough read: the status decides; the rest of a large answer is not our business.
                res.destroy();
                conclude();
              }
            });
            res.on('end', conclude);
            res.on('error', () => conclude());
            res.on('close', conclude);
          },
        );
        const timer = setTimeout(() => {
          req.destroy();
          finish(done(null, `no answer within ${timeoutMs} ms`));
        }, timeoutMs);
        const onAbort = () => {
          req.destroy();
          finish(done(null, 'abandoned: the service is shutting down'));
        };
        if (signal?.aborted) return onAbort();
        signal?.addEventListener('abort', onAbort, { once: true });
        req.on('error', (err: NodeJS.ErrnoException) => finish(done(null, err.code === 'ETARGETREFUSED' ? err.message : `${err.code ?? 'error'}: ${err.message}`)));
        req.end(body);
      });
    },
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}
