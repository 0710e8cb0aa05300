-- Queues a correction only while the outbox is empty: a correction is never sent beside a copy.
-- KEYS[1] the follower's order outbox for the symbol; ARGV the legs (JSON). Returns 1 when queued.
if redis.call('LLEN', KEYS[1]) > 0 then
  return 0
end
redis.call('RPUSH', KEYS[1], unpack(ARGV))
return 1
