-- Settles a resting order once it is cancelled or filled: forgets it and takes its unfilled remainder
-- back out of the follower's book in one step. Only the call that removes the record takes back, so a
-- retried check (or a check racing a close) never takes a remainder back twice.
-- KEYS[1] the follower's resting orders for the symbol (hash client order id → JSON)
-- KEYS[2] the follower's book for the symbol (see contracts' bookFields)
-- ARGV[1] client order id   ARGV[2] the follow the contracts belong to, or ''
-- ARGV[3] signed contracts to take back (0 for none)
-- Returns 1 when the order was still recorded (and its remainder taken back), else 0.
if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then
  return 0
end
local signed = tonumber(ARGV[3])
if signed ~= 0 then
  redis.call('HINCRBY', KEYS[2], 'total', -signed)
  if ARGV[2] ~= '' then
    redis.call('HINCRBY', KEYS[2], ARGV[2] .. ':target', -signed)
  end
end
return 1
