-- Keeps a principal within max-sessions-per-principal. Prepended to commit.lua and deny.lua, so
-- the bound is kept in the same atomic script as the call it follows. A sorted set per principal
-- (<principal prefix>:sessions) holds its session prefixes scored by their last call; beyond the
-- bound the least recently used session is deleted, a quarantined one only when every other is.
-- Keyed by the verified principal's scope, so no caller can evict another principal's sessions.
-- Returns 1 when a session was evicted, else 0.
local function forget_scope(p)
  for _, c in ipairs(redis.call('SMEMBERS', p .. ':counters')) do redis.call('DEL', p .. ':c:' .. c) end
  redis.call('DEL', p .. ':meta', p .. ':counters', p .. ':labels', p .. ':recent', p .. ':denies')
end

local function bound_sessions(session, principal, now, ttl, max)
  local index = principal .. ':sessions'
  redis.call('ZREMRANGEBYSCORE', index, '-inf', now - ttl) -- idle past the TTL: their keys expired
  redis.call('ZADD', index, now, session)
  redis.call('PEXPIRE', index, ttl)
  local held = redis.call('ZCARD', index)
  if held <= max then return 0 end
  local fallback
  for _, s in ipairs(redis.call('ZRANGE', index, 0, -1)) do
    if s ~= session then
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

-- The bound for this call: the scripts' last three arguments name the session's and the
-- principal's keys (1-based, 0 when absent: no bound) and the bound itself.
local function bound_call(now, ttl)
  local s, p = tonumber(ARGV[#ARGV - 2]), tonumber(ARGV[#ARGV - 1])
  if s == 0 or p == 0 then return 0 end
  return bound_sessions(KEYS[s], KEYS[p], now, ttl, tonumber(ARGV[#ARGV]))
end
