-- Extends the drain lock only while this drainer still holds it.
-- KEYS[1] lock; ARGV[1] token, ARGV[2] ttl ms. Returns 1 when renewed.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
