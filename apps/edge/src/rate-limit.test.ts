import { describe, expect, it } from 'vitest';
import { clientKey, memoryRateLimit } from './rate-limit.js';

describe('rate-limit keys', () => {
  it('one key per IPv4 client, one per IPv6 /64 however it is written, none without the header', () => {
    expect(clientKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('2001:db8:0:1::5')).toBe('2001:db8:0:1::/64');
    expect(clientKey('2001:0db8:0000:0001:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:0:1::/64');
    expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
    expect(clientKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('::FFFF:198.51.100.2')).toBe('198.51.100.2');
    expect(clientKey(undefined)).toBeUndefined();
    expect(clientKey('')).toBeUndefined();
  });

  it('the in-memory window refuses a client past its limit and not another', async () => {
    const limiter = memoryRateLimit(2);
    const results = [];
    for (let i = 0; i < 3; i++) results.push((await limiter.limit({ key: 'a' })).success);
    expect(results).toEqual([true, true, false]);
    expect((await limiter.limit({ key: 'b' })).success).toBe(true);
  });
});
