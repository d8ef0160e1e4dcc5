-- Reserve every budget of an allowed call and record it, all or nothing (one script is atomic).
-- KEYS: the scope prefixes present (session, run, principal).
-- ARGV: now, ttl_ms, recent_max, max_events, max_counters, decision_id, recent_json, label_json,
--       n_labels, labels..., n_counters, counters..., n_budgets,
--       then per budget: scope_index (0 = scope absent), counter, window_ms (-1 = total), limit,
--       last (bound.lua): session_index, run_index, principal_index, max_sessions, max_runs.
-- Returns {0, sessions_evicted, runs_evicted} when granted (1 when the principal's bound evicted
-- one of its sessions or runs), else {budget_number, used, oldest_ms}.
local now, ttl = tonumber(ARGV[1]), tonumber(ARGV[2])
local recent_max, max_events, max_counters = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local id, recent, mark = ARGV[6], ARGV[7], ARGV[8]
local i = 9
local function list()
  local n, values = tonumber(ARGV[i]), {}
  for j = 1, n do values[j] = ARGV[i + j] end
  i = i + n + 1
  return values
end
local labels, counters = list(), list()

local n_budgets = tonumber(ARGV[i])
i = i + 1
for b = 1, n_budgets do
  local p, counter = KEYS[tonumber(ARGV[i])], ARGV[i + 1]
  local window, limit = tonumber(ARGV[i + 2]), tonumber(ARGV[i + 3])
  i = i + 4
  if p then
    local key, used, oldest = p .. ':c:' .. counter, 0, now
    if window < 0 then
      used = tonumber(redis.call('HGET', p .. ':meta', 't:' .. counter) or '0')
    else
      used = redis.call('ZCOUNT', key, '(' .. (now - window), '+inf')
      local first = redis.call('ZRANGEBYSCORE', key, '(' .. (now - window), '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
      if first[2] then oldest = tonumber(first[2]) end
    end
    if used >= limit then return {b, used, oldest} end
    local kept = redis.call('SISMEMBER', p .. ':counters', counter) == 1
    if not kept and redis.call('SCARD', p .. ':counters') >= max_counters then return {b, 0, now} end
  end
end

for _, p in ipairs(KEYS) do
  redis.call('HSETNX', p .. ':meta', 'first', now)
  redis.call('HSET', p .. ':meta', 'last', now)
  for _, c in ipairs(counters) do
    if redis.call('SISMEMBER', p .. ':counters', c) == 1 or redis.call('SCARD', p .. ':counters') < max_counters then
      redis.call('SADD', p .. ':counters', c)
      redis.call('ZADD', p .. ':c:' .. c, now, id)
      redis.call('ZREMRANGEBYRANK', p .. ':c:' .. c, 0, -(max_events + 1))
      redis.call('HINCRBY', p .. ':meta', 't:' .. c, 1)
    end
  end
  for _, l in ipairs(labels) do redis.call('HSETNX', p .. ':labels', l, mark) end
  redis.call('RPUSH', p .. ':recent', recent)
  redis.call('LTRIM', p .. ':recent', -recent_max, -1)
  for _, c in ipairs(redis.call('SMEMBERS', p .. ':counters')) do redis.call('PEXPIRE', p .. ':c:' .. c, ttl) end
  for _, s in ipairs({':meta', ':counters', ':labels', ':recent', ':denies'}) do redis.call('PEXPIRE', p .. s, ttl) end
end
local evicted = bound_call(now, ttl)
return {0, evicted[1], evicted[2]}
