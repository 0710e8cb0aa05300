-- Starts a drain in one round trip: the account's rate-limit hold, the drain lock (SET NX PX), the
-- outbox head, the kill switch and the count of resting orders, read and taken atomically, so the
-- first order of a copy needs no other Redis call before its intent is written.
-- KEYS[1] the account's rate-limit hold   KEYS[2] the drain lock   KEYS[3] the outbox
-- KEYS[4] the kill switch                 KEYS[5] the follower's resting orders on the symbol
-- ARGV[1] lock token, ARGV[2] lock ttl ms, ARGV[3] now (epoch ms)
-- Returns { 'held', until } | { 'busy', lock value } | { 'empty' } | { 'killed' } |
-- { 'ready', head, restingCount }; the lock is taken only with 'ready'.
local held = tonumber(redis.call('GET', KEYS[1]) or '')
if held and held > tonumber(ARGV[3]) then
  return { 'held', tostring(held) }
end
local holder = redis.call('GET', KEYS[2])
if holder then
  return { 'busy', holder }
end
local head = redis.call('LINDEX', KEYS[3], 0)
if not head then
  return { 'empty' }
end
if redis.call('EXISTS', KEYS[4]) == 1 then
  return { 'killed' }
end
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
return { 'ready', head, redis.call('HLEN', KEYS[5]) }
