-- Takes a drain lock over from a dead executor: only while the lock still holds the value that named it
-- and that executor's heartbeat key is gone, so a live drainer's lock is never taken.
-- KEYS[1] lock, KEYS[2] the holder's heartbeat; ARGV[1] value seen, ARGV[2] new value, ARGV[3] ttl ms.
-- Returns 1 when taken over.
if redis.call('GET', KEYS[1]) == ARGV[1] and redis.call('EXISTS', KEYS[2]) == 0 then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  return 1
end
return 0
