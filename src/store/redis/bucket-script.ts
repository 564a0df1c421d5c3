// The GCRA step as one Lua script on one key (DESIGN.md, Token bucket = GCRA). Redis runs a
// script atomically, so concurrent servers never interleave a read and a write of a bucket.
//
// A bucket is the string "base debt T/m": it owed `debt` units at `base` ms, counted in the
// units of the interval T/m (see RateLimitPolicy.interval), so its TAT is `base * m + debt`.
// Every write re-anchors the state at the caller's now, so no value ever needs a global
// origin: `debt` stays below tau < 2^51 and `(base - now) * m` is exact until it passes 2^53,
// where the bucket is long full (or, for a clock far in the future, clamped to tau). Lua 5.1
// numbers are doubles; every integer below 2^53 is exact and every step below stays there.
import type { RedisScript } from './script.ts';

const source = `
local now, cost = tonumber(ARGV[1]), tonumber(ARGV[2])
local t, m, tau, iv = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), ARGV[6]
local MAX = 9007199254740991

-- ceil(a * b / c), or cap when larger; exact for integers a, b, c below 2^53 (c below 2^52).
local function ceilMulDiv(a, b, c, cap)
  local x = a * b
  if x <= MAX then
    local r = math.fmod(x, c)
    return math.min((x - r) / c + (r > 0 and 1 or 0), cap)
  end
  -- a * b is too wide for a double: sum a * 2^i over the set bits of b, kept as q * c + r.
  local ar = math.fmod(a, c)
  local aq, q, r = (a - ar) / c, 0, 0
  while b > 0 do
    local bit = math.fmod(b, 2)
    b = (b - bit) / 2
    if bit == 1 then
      q, r = q + aq, r + ar
      if r >= c then q, r = q + 1, r - c end
      if q >= cap then return cap end
    end
    aq, ar = aq * 2, ar * 2
    if ar >= c then aq, ar = aq + 1, ar - c end
    if b > 0 and aq >= cap then return cap end
  end
  return math.min(q + (r > 0 and 1 or 0), cap)
end

local debt = 0
local state = redis.call('GET', KEYS[1])
if state then
  local base, owed, old = string.match(state, '^(-?%d+) (-?%d+) (%d+/%d+)$')
  if not base then return redis.error_reply('ERR twofold: malformed bucket state') end
  if old == iv then
    debt = (tonumber(base) - now) * m + tonumber(owed)
  else
    -- Written under another rate (a raised limit): keep the tokens owed, rounded up.
    local ot, om = string.match(old, '^(%d+)/(%d+)$')
    debt = (tonumber(base) - now) * tonumber(om) + tonumber(owed)
    if debt > 0 then debt = ceilMulDiv(debt, t, tonumber(ot), tau) end
  end
  if debt < 0 then debt = 0 elseif debt > tau then debt = tau end
end

local after = debt + cost * t
if cost > 0 and after <= tau then
  local ttl = math.ceil(after / m) + tonumber(ARGV[7])
  redis.call('SET', KEYS[1], string.format('%.0f %.0f %s', now, after, iv),
    'PX', string.format('%.0f', ttl))
end
return debt
`;

/**
 * KEYS: the bucket. ARGV: nowMs, cost, T, m, tau, interval, TTL slack in ms. Returns the debt
 * before the request; writes only a conforming request with a positive cost.
 *
 * @example
 * ```ts
 * const argv = [String(nowMs), String(cost), t, m, tau, interval, '1000'];
 * const debt = await redis.run(gcraScript, `${prefix}bucket:${key}`, argv);
 * ```
 */
export const gcraScript: RedisScript = {
  source,
  sha: '753825b7cb80819bc322264ecc6ee34c1b99ceab',
};

/**
 * Compare-and-set for `BucketStore.compareAndSet`, in TATs counted from the store's origin.
 * KEYS: the bucket. ARGV: originMs, expected TAT ('' for no state), expected interval, next
 * TAT, next interval, TTL in ms ('' for none). Returns 1 when it wrote.
 *
 * @example
 * ```ts
 * const from = [String(originMs), String(expected.tat), expected.interval];
 * const argv = [...from, String(next.tat), next.interval, ''];
 * const wrote = (await redis.run(casScript, bucketKey, argv)) === 1;
 * ```
 */
export const casScript: RedisScript = {
  source: `
local state = redis.call('GET', KEYS[1])
if ARGV[2] == '' then
  if state then return 0 end
else
  if not state then return 0 end
  local base, owed, iv, m = string.match(state, '^(-?%d+) (-?%d+) (%d+/(%d+))$')
  if iv ~= ARGV[3] then return 0 end
  local tat = (tonumber(base) - tonumber(ARGV[1])) * tonumber(m) + tonumber(owed)
  if tat ~= tonumber(ARGV[2]) then return 0 end
end
local value = ARGV[1] .. ' ' .. ARGV[4] .. ' ' .. ARGV[5]
if ARGV[6] == '' then redis.call('SET', KEYS[1], value)
else redis.call('SET', KEYS[1], value, 'PX', ARGV[6]) end
return 1
`,
  sha: '847c20176a131e3245050003d6ebbffe16177075',
};
