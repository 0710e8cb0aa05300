-- What the drain does next, in one round trip (sent right behind the settle of the last head): the
-- outbox head, the kill switch, the count of resting orders; with an empty outbox the drain lock is
-- released in the same step when ARGV[1] is this drainer's token.
-- KEYS[1] the outbox   KEYS[2] the kill switch   KEYS[3] resting orders   KEYS[4] the drain lock
-- ARGV[1] lock token, or '' to keep the lock
-- Returns { head or false, killed (0|1), restingCount, released (0|1) }.
local head = redis.call('LINDEX', KEYS[1], 0)
if not head then
  local released = 0
  if ARGV[1] ~= '' and redis.call('GET', KEYS[4]) == ARGV[1] then
    released = redis.call('DEL', KEYS[4])
  end
  return { false, 0, 0, released }
end
return { head, redis.call('EXISTS', KEYS[2]), redis.call('HLEN', KEYS[3]), 0 }
