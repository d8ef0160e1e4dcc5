-- One scope's state as JSON (docs/input.md), or nil when nothing is remembered.
-- KEYS[1]: the scope prefix. ARGV: now, then pairs of window name and window_ms (-1 = total).
local p, now = KEYS[1], tonumber(ARGV[1])
local meta = redis.call('HGETALL', p .. ':meta')
if #meta == 0 then return nil end
local m = {}
for j = 1, #meta, 2 do m[meta[j]] = meta[j + 1] end
local function counts(key, total)
  local out = {}
  for j = 2, #ARGV, 2 do
    local window = tonumber(ARGV[j + 1])
    out[ARGV[j]] = window < 0 and tonumber(total or '0') or redis.call('ZCOUNT', key, '(' .. (now - window), '+inf')
  end
  return out
end
local state = {first = tonumber(m.first), last = tonumber(m.last), counters = {}, labels = {}, recent = {},
  denies = counts(p .. ':denies', m.denies_total),
  q_until = tonumber(m.q_until or '0'), q_reason = m.q_reason, q_decision = m.q_decision}
for _, c in ipairs(redis.call('SMEMBERS', p .. ':counters')) do state.counters[c] = counts(p .. ':c:' .. c, m['t:' .. c]) end
local labels = redis.call('HGETALL', p .. ':labels')
for j = 1, #labels, 2 do state.labels[labels[j]] = cjson.decode(labels[j + 1]) end
for j, entry in ipairs(redis.call('LRANGE', p .. ':recent', 0, -1)) do state.recent[j] = cjson.decode(entry) end
return cjson.encode(state)
