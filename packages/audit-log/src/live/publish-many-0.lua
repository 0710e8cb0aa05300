-- Publishes ARGV[2..n] on channel ARGV[1], in order: one command for a batch's live events instead of
-- one PUBLISH each (the client's work per command was most of the cost). No keys: pub/sub is not keyed.
local channel = ARGV[1]
for i = 2, #ARGV do
  redis.call('PUBLISH', channel, ARGV[i])
end
return #ARGV - 1
