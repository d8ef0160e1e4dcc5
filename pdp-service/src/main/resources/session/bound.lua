-- Keeps a principal within max-sessions-per-principal and max-runs-per-principal. Prepended to
-- commit.lua and deny.lua, so the bound is kept in the same atomic script as the call it follows.
-- A sorted set per principal and kind (<principal prefix>:sessions, <principal prefix>:runs) holds
-- the scope prefixes scored by their last call; beyond the bound the least recently used scope is
-- deleted, a quarantined one only when every other is. Keyed by the verified principal's scope,
-- so no caller can evict another principal's sessions (nor another user's runs).
--
-- The scores and the idle cut are Redis's own clock (TIME; Redis >= 5 replicates scripts by their
-- effects, so a script may read it), never the replica's `now`: which scope is least recently used
-- and which is idle past the TTL must not depend on whose clock recorded the call, and the keys'
-- own TTLs run on Redis's clock too. A quarantine's end is the replica's time (it is the policy's
-- view, written with `now`), so it is compared with `now`.
local function forget_scope(p)
  for _, c in ipairs(redis.call('SMEMBERS', p .. ':counters')) do redis.call('DEL', p .. ':c:' .. c) end
  redis.call('DEL', p .. ':meta', p .. ':counters', p .. ':labels', p .. ':recent', p .. ':denies')
end

-- Milliseconds to the microsecond, as a string: Lua would hand a number this long to Redis with
-- 14 significant digits only, and two calls within one millisecond must keep their order.
local function redis_millis()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
end
local function score(millis) return string.format('%.3f', millis) end

local function bound_scopes(index, scope, now, clock, ttl, max)
  redis.call('ZREMRANGEBYSCORE', index, '-inf', score(clock - ttl)) -- idle past the TTL: their keys expired
  redis.call('ZADD', index, score(clock), scope)
  redis.call('PEXPIRE', index, ttl)
  local held = redis.call('ZCARD', index)
  if held <= max then return 0 end
  local fallback
  for _, s in ipairs(redis.call('ZRANGE', index, 0, -1)) do
    if s ~= scope then
      if redis.call('EXISTS', s .. ':meta') == 0 then -- gone already: not an eviction
        redis.call('ZREM', index, s)
        held = held - 1
        if held <= max then return 0 end
      elseif tonumber(redis.call('HGET', s .. ':meta', 'q_until') or '0') <= now then
        forget_scope(s)
        redis.call('ZREM', index, s)
        return 1
      elseif not fallback then
        fallback = s
      end
    end
  end
  if not fallback then return 0 end
  forget_scope(fallback)
  redis.call('ZREM', index, fallback)
  return 1
end

-- The bound for this call: the scripts' last five arguments name the session's, the run's and the
-- principal's keys (1-based, 0 when absent: no bound) and the two bounds. Returns the sessions and
-- the runs evicted (0 or 1 each).
local function bound_call(now, ttl)
  local s, r, p = tonumber(ARGV[#ARGV - 4]), tonumber(ARGV[#ARGV - 3]), tonumber(ARGV[#ARGV - 2])
  if p == 0 then return {0, 0} end
  local clock = redis_millis()
  local sessions, runs = 0, 0
  if s ~= 0 then sessions = bound_scopes(KEYS[p] .. ':sessions', KEYS[s], now, clock, ttl, tonumber(ARGV[#ARGV - 1])) end
  if r ~= 0 then runs = bound_scopes(KEYS[p] .. ':runs', KEYS[r], now, clock, ttl, tonumber(ARGV[#ARGV])) end
  return {sessions, runs}
end
