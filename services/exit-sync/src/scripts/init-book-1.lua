-- Rebuilds a lost follower book from what exists: the follower's exchange position becomes the total,
-- held by one follow at seq 0, so the next decisions order from reality, not from zero.
-- KEYS[1] the book; ARGV[1] the follower's position; ARGV[2] the follow holding it.
-- Returns 1 when rebuilt, 0 when the book exists (someone wrote it first).
if redis.call('HEXISTS', KEYS[1], 'total') == 1 then
  return 0
end
redis.call('HSET', KEYS[1], 'total', ARGV[1], ARGV[2] .. ':target', ARGV[1], ARGV[2] .. ':seq', '0')
return 1
