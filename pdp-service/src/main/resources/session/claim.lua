-- Claim a session id for its first principal. KEYS[1]: the owner key; ARGV[1]: the owner,
-- ARGV[2]: the idle TTL in ms. Returns 1 when the id is (now) the owner's, 0 when another holds it.
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then
  return 0
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
