-- Moves an unreadable outbox head to the dead-letter list in one step, so it is never lost.
-- KEYS[1] outbox, KEYS[2] dead-letter list; ARGV[1] the entry. Returns 1 when moved.
if redis.call('LINDEX', KEYS[1], 0) == ARGV[1] then
  redis.call('LPOP', KEYS[1])
  redis.call('RPUSH', KEYS[2], ARGV[1])
  return 1
end
return 0
