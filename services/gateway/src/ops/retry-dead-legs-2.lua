-- Moves every dead-lettered leg of an outbox back to the outbox's tail, oldest first, in one step
-- (no leg is lost or doubled if two operators retry at once: the second finds the list empty).
-- KEYS[1] the outbox's dead-letter list   KEYS[2] the outbox
-- Returns the entries moved.
local entries = redis.call('LRANGE', KEYS[1], 0, -1)
if #entries == 0 then
  return {}
end
redis.call('RPUSH', KEYS[2], unpack(entries))
redis.call('DEL', KEYS[1])
return entries
