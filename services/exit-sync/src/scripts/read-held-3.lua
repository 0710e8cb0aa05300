-- What a reconcile reads of one follower position under its drain lock, in one call.
-- KEYS[1] the follower book, KEYS[2] exit-sync's memory of the position, KEYS[3] its order outbox.
-- Returns { book as a flat field/value list, memory as one, legs waiting in the outbox }.
return { redis.call('HGETALL', KEYS[1]), redis.call('HGETALL', KEYS[2]), redis.call('LLEN', KEYS[3]) }
