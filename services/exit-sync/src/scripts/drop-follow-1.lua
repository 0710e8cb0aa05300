-- Releases an ended follow's share of a follower position to its owner: the share leaves the total
-- and the follow's fields go, without an order. KEYS[1] the book; ARGV[1] follow id.
-- Returns the contracts released.
local target = tonumber(redis.call('HGET', KEYS[1], ARGV[1] .. ':target') or '0')
if redis.call('HEXISTS', KEYS[1], 'total') == 1 then
  redis.call('HINCRBY', KEYS[1], 'total', -target)
end
redis.call('HDEL', KEYS[1], ARGV[1] .. ':target', ARGV[1] .. ':seq', ARGV[1] .. ':cids', ARGV[1] .. ':master')
return target
