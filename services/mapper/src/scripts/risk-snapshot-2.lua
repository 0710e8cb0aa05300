-- Risk bookkeeping of one follower, read and advanced in one step (the mapper is the only writer).
-- KEYS[1] peak equity   KEYS[2] equity at the start of this UTC day
-- ARGV[1] current equity (decimal string)   ARGV[2] time to keep the day-start key (seconds)
-- Returns { peak, dayStart } after raising the peak to the current equity and recording the
-- day's first equity. Comparing as Lua doubles is fine for ordering equities (15 digits).
local peak = redis.call('GET', KEYS[1])
if not peak or tonumber(ARGV[1]) > tonumber(peak) then
  redis.call('SET', KEYS[1], ARGV[1])
  peak = ARGV[1]
end
local dayStart = redis.call('GET', KEYS[2])
if not dayStart then
  redis.call('SET', KEYS[2], ARGV[1], 'EX', ARGV[2])
  dayStart = ARGV[1]
end
return { peak, dayStart }
