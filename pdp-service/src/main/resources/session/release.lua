-- End a quarantine and forget the denies that led to it. KEYS[1]: the scope prefix.
-- Returns 1 when a quarantine was recorded, else 0.
local meta = KEYS[1] .. ':meta'
local was = redis.call('HEXISTS', meta, 'q_until')
redis.call('HDEL', meta, 'q_until', 'q_reason', 'q_decision', 'denies_total')
redis.call('DEL', KEYS[1] .. ':denies')
return was
