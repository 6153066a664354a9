// The delivery rules, pure: Standard Webhooks v1 signing, the retry schedule with jitter, when a subscription is
// given up on, and the thin payload.
import { createHmac, randomBytes } from 'node:crypto';

export const SECRET_PREFIX = 'whsec_';

/** `whsec_` + base64 of 32 random bytes (the standard asks for 24 to 64). */
export const newSecret = (): string => SECRET_PREFIX + randomBytes(32).toString('base64');

/** `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">` keyed by the secret's decoded bytes. */
export function sign(secret: string, webhookId: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
  return `v1,${createHmac('sha256', key).update(`${webhookId}.${timestampSeconds}.${body}`).digest('base64')}`;
}

/** The three headers of an attempt; during a rotation's overlap both secrets sign (space-separated). */
export function signedHeaders(secrets: string[], webhookId: string, now: Date, body: string): Record<string, string> {
  const ts = Math.floor(now.getTime() / 1000);
  return {
    'webhook-id': webhookId,
    'webhook-timestamp': String(ts),
    'webhook-signature': secrets.map((s) => sign(s, webhookId, ts, body)).join(' '),
  };
}

const S = 1000;
const M = 60 * S;
const H = 60 * M;
/** The wait before attempt n+1 after attempt n failed: immediately (attempt 1), then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h. */
export const RETRY_DELAYS_MS = [5 * S, 5 * M, 30 * M, 2 * H, 5 * H, 10 * H, 14 * H, 20 * H, 24 * H] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
export const GIVE_UP_AFTER_MS = 72 * H;
/** Jitter: each wait is spread ±10 % so that receivers coming back are not hit by every sender at once. */
export const JITTER = 0.1;
/** A Retry-After longer than the longest wait is capped there. */
export const MAX_RETRY_AFTER_MS = 24 * H;

export type FailureOutcome = { kind: 'retry'; at: Date } | { kind: 'disable'; reason: string };

/**
 * What follows a failed attempt. `attempts` counts the head event's attempts including this one; `failingSince` is
 * when the subscription's current run of failures began. 410 gives up at once; 429/503 with Retry-After wait as told.
 */
export function afterFailure(input: {
  attempts: number;
  failingSince: Date;
  now: Date;
  statusCode: number | null;
  retryAfterMs: number | null;
  random: () => number;
}): FailureOutcome {
  const { attempts, failingSince, now, statusCode, retryAfterMs } = input;
  if (statusCode === 410) return { kind: 'disable', reason: 'the receiver answered 410 Gone' };
  if (attempts >= MAX_ATTEMPTS) return { kind: 'disable', reason: `the event failed ${attempts} attempts, the last retry of the schedule` };
  if (now.getTime() - failingSince.getTime() >= GIVE_UP_AFTER_MS) return { kind: 'disable', reason: 'deliveries failed for three days' };
  if ((statusCode === 429 || statusCode === 503) && retryAfterMs !== null) {
    return { kind: 'retry', at: new Date(now.getTime() + Math.min(retryAfterMs, MAX_RETRY_AFTER_MS)) };
  }
  const base = RETRY_DELAYS_MS[attempts - 1];
  const jittered = Math.round(base * (1 + (input.random() * 2 - 1) * JITTER));
  return { kind: 'retry', at: new Date(now.getTime() + jittered) };
}

export interface FeedEvent {
  sequence: number;
  occurredAt: string;
  unitId: string | null;
  entity: string;
  entityId: string;
  action: string;
  after: unknown;
}

export const MAX_PAYLOAD_BYTES = 20 * 1024;

/** The thin payload; the `after` snapshot only when asked for and the whole stays under 20 KB. */
export function payloadOf(e: FeedEvent, includeSnapshot: boolean): string {
  const data = { sequence: e.sequence, entity: e.entity, entityId: e.entityId, action: e.action, unitId: e.unitId, occurredAt: e.occurredAt };
  const thin = { type: `${e.entity}.${e.action}`, timestamp: e.occurredAt, data };
  if (!includeSnapshot) return JSON.stringify(thin);
  const full = JSON.stringify({ ...thin, data: { ...data, after: e.after ?? null } });
  return Buffer.byteLength(full) <= MAX_PAYLOAD_BYTES ? full : JSON.stringify({ ...thin, data: { ...data, afterOmitted: true } });
}

export const webhookIdOf = (sequence: number): string => `evt_${sequence}`;
