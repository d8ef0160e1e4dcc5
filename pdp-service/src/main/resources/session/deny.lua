-- Count a deny in every present scope; the first quarantine rule it completes quarantines it.
-- KEYS: the scope prefixes present. ARGV: now, ttl_ms, recent_max, max_events, recent_json,
-- decision_id, counts (1 or 0), n_rules, then per rule: scope_index, denies, window_ms, for_ms, reason,
-- last (bound.lua): session_index, run_index, principal_index, max_sessions, max_runs.
-- Returns {sessions_evicted, runs_evicted} (1 when the principal's bound evicted one, else 0).
local now, ttl = tonumber(ARGV[1]), tonumber(ARGV[2])
local recent_max, max_events = tonumber(ARGV[3]), tonumber(ARGV[4])
local recent, id, counts = ARGV[5], ARGV[6], ARGV[7] == '1'
local n_rules = tonumber(ARGV[8])
for index, p in ipairs(KEYS) do
  local meta = p .. ':meta'
  redis.call('HSETNX', meta, 'first', now)
  redis.call('HSET', meta, 'last', now)
  redis.call('RPUSH', p .. ':recent', recent)
  redis.call('LTRIM', p .. ':recent', -recent_max, -1)
  if counts then
    redis.call('ZADD', p .. ':denies', now, id)
    redis.call('ZREMRANGEBYRANK', p .. ':denies', 0, -(max_events + 1))
    redis.call('HINCRBY', meta, 'denies_total', 1)
    if tonumber(redis.call('HGET', meta, 'q_until') or '0') <= now then
      for r = 0, n_rules - 1 do
        local at = 9 + r * 5
        if tonumber(ARGV[at]) == index
            and redis.call('ZCOUNT', p .. ':denies', '(' .. (now - tonumber(ARGV[at + 2])), '+inf') >= tonumber(ARGV[at + 1]) then
          redis.call('HSET', meta, 'q_until', now + tonumber(ARGV[at + 3]), 'q_reason', ARGV[at + 4], 'q_decision', id)
          break
        end
      end
    end
  end
  for _, s in ipairs({':meta', ':counters', ':labels', ':recent', ':denies'}) do redis.call('PEXPIRE', p .. s, ttl) end
end
return bound_call(now, ttl)
