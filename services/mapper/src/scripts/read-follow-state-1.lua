-- One follow's share of its follower's book (the target script is its writer).
-- KEYS[1] the follower's book for the symbol   ARGV[1..4] the fields: the follow's seq, target and
-- cids, and the book's total
-- Returns their values (nil where unset).
return redis.call('HMGET', KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4])
