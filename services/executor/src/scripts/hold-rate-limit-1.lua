-- Records that an account is rate limited until ARGV[1] (epoch ms), keeping the later of two holds,
-- so that a 429 met by one drain delays every drain of that account, and no one else's.
-- KEYS[1] the account's rate-limit key; ARGV[1] until (epoch ms), ARGV[2] time to live (ms).
-- Returns the hold in force (epoch ms).
local held = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
local untilMs = tonumber(ARGV[1])
if untilMs > held then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return untilMs
end
return held
