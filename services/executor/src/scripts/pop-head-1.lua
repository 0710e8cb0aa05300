-- Removes the outbox head only if it is still the entry that was executed.
-- KEYS[1] outbox; ARGV[1] the entry (exact JSON). Returns 1 when popped.
if redis.call('LINDEX', KEYS[1], 0) == ARGV[1] then
  redis.call('LPOP', KEYS[1])
  return 1
end
return 0
