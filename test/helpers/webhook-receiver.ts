// A webhook receiver on 127.0.0.1 that verifies every delivery with the Standard Webhooks reference implementation
// (the `standardwebhooks` package), not with our code; tests choose its answers and read what it got.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  webhookId: string;
  timestamp: number;
  signature: string;
  body: string;
  /** The parsed payload when the reference verifier accepted the signature with the receiver's secret(s). */
  payload: { type: string; timestamp: string; data: Record<string, unknown> } | null;
  verifyError: string | null;
  /** What the receiver answered. */
  status: number;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Never answer (the sender's time limit or shutdown ends it). */
  hang?: boolean;
}

export interface Receiver {
  url: string;
  port: number;
  received: Received[];
  /** The secrets to verify with (the first that verifies wins); set after the subscription is created. */
  secrets: string[];
  /** Decides each answer (default 204); `n` counts requests from 0. */
  respond: (r: Received, n: number) => Answer;
  /** Answers every hanging request with 204 (they count as answered 204). */
  release(): void;
  /** Resolves when `count` requests have arrived. */
  waitFor(count: number): Promise<void>;
  close(): Promise<void>;
  listen(port?: number): Promise<void>;
}

/** Verifies with the reference verifier; `now` is the receiver's clock (the tests' fake clock, in ms). */
export function verify(secret: string, body: string, headers: Record<string, string>, now?: () => number): unknown {
  const real = Date.now;
  if (now) Date.now = now;
  try {
    return new Webhook(secret).verify(body, headers);
  } finally {
    Date.now = real;
  }
}

export async function startReceiver(options: { now?: () => number; port?: number } = {}): Promise<Receiver> {
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  let server: Server | null = null;
  const hanging = new Map<IncomingMessage, import('node:http').ServerResponse>();
  const receiver: Receiver = {
    url: '',
    port: 0,
    received: [],
    secrets: [],
    respond: () => ({ status: 204 }),
    release() {
      for (const res of hanging.values()) res.writeHead(204).end();
      hanging.clear();
    },
    waitFor(count) {
      if (receiver.received.length >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    async listen(port = receiver.port) {
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          const headers = { 'webhook-id': String(req.headers['webhook-id'] ?? ''), 'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''), 'webhook-signature': String(req.headers['webhook-signature'] ?? '') };
          let payload: Received['payload'] = null;
          let verifyError: string | null = 'no secret';
          for (const s of receiver.secrets) {
            try {
              payload = verify(s, body, headers, options.now) as Received['payload'];
              verifyError = null;
              break;
            } catch (err) {
              verifyError = (err as Error).message;
            }
          }
          const r: Received = { webhookId: headers['webhook-id'], timestamp: Number(headers['webhook-timestamp']), signature: headers['webhook-signature'], body, payload, verifyError, status: 0 };
          const answer = receiver.respond(r, receiver.received.length);
          r.status = answer.status;
          receiver.received.push(r);
          for (const w of [...waiters]) if (receiver.received.length >= w.count) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve();
          }
          if (answer.hang) {
            hanging.set(req, res);
            return;
          }
          res.writeHead(answer.status, answer.headers ?? {});
          res.end(answer.body ?? '');
        });
      });
      await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
      receiver.port = (server!.address() as AddressInfo).port;
      receiver.url = `http://127.0.0.1:${receiver.port}/hook`;
    },
    async close() {
      if (!server) return;
      const s = server;
      server = null;
      for (const req of hanging.keys()) req.socket.destroy();
      hanging.clear();
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
  await receiver.listen(options.port ?? 0);
  return receiver;
}
