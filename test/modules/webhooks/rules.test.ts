// The pure delivery rules: signatures against the reference implementation, the retry schedule, giving up, and
// the network policy's table of refused and allowed addresses.
import { Webhook } from 'standardwebhooks';
import { afterFailure, GIVE_UP_AFTER_MS, MAX_ATTEMPTS, newSecret, payloadOf, RETRY_DELAYS_MS, sign, signedHeaders } from '../../../src/modules/webhooks/rules.js';
import { createNetworkPolicy } from '../../../src/modules/webhooks/network.js';

const now = new Date('2027-03-01T02:00:00Z');

describe('webhook rules', () => {
  test('when signed, then the reference implementation computes the same v1 signature and verifies the headers', () => {
    const secret = newSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const body = '{"type":"unit.update"}';
    expect(sign(secret, 'evt_1', 1_800_000_000, body)).toBe(new Webhook(secret).sign('evt_1', new Date(1_800_000_000_000), body));
    const headers = signedHeaders([secret, newSecret()], 'evt_2', new Date(), body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(secret).verify(body, headers)).toEqual({ type: 'unit.update' });
  });

  test.each(RETRY_DELAYS_MS.map((d, i) => [i + 1, d]))('when attempt %i fails, then the next waits %i ms ±10 %', (attempts, delay) => {
    const wait = (random: number) => {
      const out = afterFailure({ attempts, failingSince: now, now, statusCode: 500, retryAfterMs: null, random: () => random });
      return out.kind === 'retry' ? out.at.getTime() - now.getTime() : NaN;
    };
    expect(wait(0)).toBe(Math.round(delay * 0.9));
    expect(wait(0.5)).toBe(delay);
    expect(wait(0.999999)).toBeLessThanOrEqual(Math.round(delay * 1.1));
    expect(wait(0.999999)).toBeGreaterThan(delay * 1.0999);
  });

  test.each([
    ['410 Gone', { statusCode: 410, attempts: 1, since: 0 }, /410 Gone/],
    ['the tenth attempt', { statusCode: 500, attempts: MAX_ATTEMPTS, since: 0 }, /last retry/],
    ['three days of failures', { statusCode: null, attempts: 3, since: GIVE_UP_AFTER_MS }, /three days/],
  ])('when it is %s, then the subscription is given up', (_name, c, reason) => {
    const out = afterFailure({ attempts: c.attempts, failingSince: new Date(now.getTime() - c.since), now, statusCode: c.statusCode, retryAfterMs: null, random: () => 0.5 });
    expect(out).toEqual({ kind: 'disable', reason: expect.stringMatching(reason) });
  });

  test('when 429 or 503 carries Retry-After, then it is followed (capped at 24 h); another status ignores it', () => {
    const r = (statusCode: number, retryAfterMs: number) => afterFailure({ attempts: 1, failingSince: now, now, statusCode, retryAfterMs, random: () => 0.5 });
    expect(r(429, 120_000)).toEqual({ kind: 'retry', at: new Date(now.getTime() + 120_000) });
    expect(r(503, 3 * 86_400_000)).toEqual({ kind: 'retry', at: new Date(now.getTime() + 86_400_000) });
    expect(r(500, 120_000)).toEqual({ kind: 'retry', at: new Date(now.getTime() + 5000) });
  });

  test('when a snapshot would pass 20 KB, then it is left out and flagged', () => {
    const e = { sequence: 7, occurredAt: now.toISOString(), unitId: null, entity: 'unit', entityId: 'u', action: 'update', after: { big: 'x'.repeat(30_000) } };
    expect(JSON.parse(payloadOf(e, true)).data).toEqual({ sequence: 7, occurredAt: e.occurredAt, unitId: null, entity: 'unit', entityId: 'u', action: 'update', afterOmitted: true });
    expect(JSON.parse(payloadOf({ ...e, after: { a: 1 } }, true)).data.after).toEqual({ a: 1 });
    expect(JSON.parse(payloadOf(e, false)).data.after).toBeUndefined();
  });

  test.each([
    ['127.0.0.1', false, /loopback/],
    ['::1', false, /loopback/],
    ['169.254.169.254', false, /linkLocal/],
    ['100.100.100.200', false, /carrierGradeNat/],
    ['10.1.2.3', false, /private/],
    ['192.168.1.5', false, /private/],
    ['fd00::1', false, /uniqueLocal/],
    ['::ffff:127.0.0.1', false, /loopback/],
    ['0.0.0.0', false, /unspecified/],
    ['8.8.4.4', true, /http:\/\/ is only allowed/],
    ['8.8.8.8', false, null],
    ['10.20.0.7', false, null],
    ['10.20.0.7', true, null],
    // IPv6 forms that carry an IPv4 address get that IPv4 address's answer
    ['::127.0.0.1', false, /loopback/],
    ['::7f00:1', false, /embeds 127\.0\.0\.1: .*loopback/],
    ['::ffff:127.0.0.1', false, /loopback/],
    ['::ffff:0:7f00:1', false, /embeds 127\.0\.0\.1: .*loopback/],
    ['64:ff9b::7f00:1', false, /embeds 127\.0\.0\.1: .*loopback/],
    ['64:ff9b::a9fe:a9fe', false, /embeds 169\.254\.169\.254: .*linkLocal/],
    ['64:ff9b:1::808:808', false, /local-use NAT64/],
    ['2002:7f00:0001::1', false, /embeds 127\.0\.0\.1: .*loopback/],
    ['2002:0a00:0001::', false, /embeds 10\.0\.0\.1: .*private/],
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', false, /embeds 127\.0\.0\.1: .*loopback/], // Teredo, client 127.0.0.1
    ['64:ff9b::808:808', false, null],
    ['2002:0808:0808::1', false, null],
    ['2001:0:4136:e378:8000:63bf:f7f7:f7f7', false, null], // Teredo, server 65.54.227.120, client 8.8.8.8
    ['::8.8.8.8', false, null],
    ['64:ff9b::808:808', true, /http:\/\/ is only allowed/],
    ['64:ff9b::a14:7', true, null], // 10.20.0.7, in the allowlist
  ])('when the address is %s (plain http %s), then the policy answers %s', (address, plainHttp, expected) => {
    const why = createNetworkPolicy('10.20.0.0/16').refusal(address, plainHttp);
    if (expected === null) expect(why).toBeNull();
    else expect(why).toMatch(expected);
  });

  test.each([
    ['https://[::127.0.0.1]/hook', /is refused: .*loopback/],
    ['https://[64:ff9b::a9fe:a9fe]/hook', /is refused: .*linkLocal/],
    ['https://[2002:7f00:1::1]/hook', /is refused: .*loopback/],
    ['https://[64:ff9b::808:808]/hook', null],
  ])('when a subscription URL is %s, then urlRefusal answers %s', (url, expected) => {
    const why = createNetworkPolicy('10.20.0.0/16').urlRefusal(url);
    if (expected === null) expect(why).toBeNull();
    else expect(why).toMatch(expected);
  });
});
