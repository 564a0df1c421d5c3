// Records are Redis hashes, one field per record field. Inserting and updating are scripts, so
// a record is never seen half written and an update never creates one.
import type { RedisScript } from './script.ts';

/**
 * KEYS: the record. ARGV: field, value, ... Writes only when the key is new; 1 if it wrote.
 *
 * @example
 * ```ts
 * const wrote = await redis.run(insertScript, `${prefix}app:${id}`, pairs(app));
 * if (wrote !== 1) throw new Error('an app with this id exists');
 * ```
 */
export const insertScript: RedisScript = {
  source: `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV))
return 1
`,
  sha: '4b9963ed1b02c39a5c819d038ddccff2505c12e8',
};

/**
 * KEYS: the record. ARGV: a field and the value it must hold (the record's identity), then
 * triples: `set` field value, `del` field '', or `min` field value (kept when lower, as a
 * number). Returns the record as a flat field-value array, or nil when it does not match.
 *
 * @example
 * ```ts
 * const ops = ['id', id, 'set', 'status', 'disabled', 'min', 'revokedAt', String(now)];
 * const fields = fieldsOf(await redis.run(updateScript, recordKey, ops));
 * ```
 */
export const updateScript: RedisScript = {
  source: `
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return false end
for i = 3, #ARGV, 3 do
  local op, field, value = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  if op == 'set' then
    redis.call('HSET', KEYS[1], field, value)
  elseif op == 'del' then
    redis.call('HDEL', KEYS[1], field)
  elseif op == 'min' then
    local old = tonumber(redis.call('HGET', KEYS[1], field))
    if old == nil or tonumber(value) < old then redis.call('HSET', KEYS[1], field, value) end
  end
end
return redis.call('HGETALL', KEYS[1])
`,
  sha: '5821d831d32f2683ead72f8a9b65ce364ac926d5',
};

/**
 * KEYS: the revoked jti. ARGV: expiry in epoch ms, TTL in ms. Keeps the later expiry; 1 if
 * it wrote.
 *
 * @example
 * ```ts
 * await redis.run(revokeScript, `${prefix}jti:${jti}`, [String(expiresAtMs), String(ttlMs)]);
 * ```
 */
export const revokeScript: RedisScript = {
  source: `
local old = tonumber(redis.call('GET', KEYS[1]))
if old ~= nil and old >= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`,
  sha: '2f8406603a47b8b7153f7d2cc36982d8641fb0a5',
};
