-- Settles the outbox head in one step with the target it moved: pops it (or moves it to the
-- dead-letter list), takes back out of the follower's book what of it will never trade (refused,
-- expired, clipped or left unfilled), and drops the legs that depend on it (a refused flip-close
-- takes its open out too).
-- KEYS[1] outbox   KEYS[2] the follower's book for the symbol (see contracts' bookFields)
-- KEYS[3] the outbox's dead-letter list
-- ARGV[1] the head entry (exact JSON), or '' to pop nothing (a resting order's remainder)
-- ARGV[2] the follow the contracts belong to, or '' (a correction: the total only)
-- ARGV[3] signed contracts to take back (0 for none)
-- ARGV[4] client order id whose dependent legs are dropped, or ''
-- ARGV[5] '1' to move the head to the dead-letter list instead of dropping it
-- ARGV[6] '1' to forget the master position the follow's target was decided on, so exit-sync has
--         the mapper decide it again (a refused or unfilled order, not an expired signal)
-- Returns { popped (0|1), dropped entry JSON... }; nothing changes when the head is not ARGV[1].
local function takeBack(follow, signed)
  if signed == 0 then
    return
  end
  redis.call('HINCRBY', KEYS[2], 'total', -signed)
  if follow ~= '' then
    redis.call('HINCRBY', KEYS[2], follow .. ':target', -signed)
    if ARGV[6] == '1' then
      redis.call('HDEL', KEYS[2], follow .. ':master')
    end
  end
end

if ARGV[1] ~= '' then
  if redis.call('LINDEX', KEYS[1], 0) ~= ARGV[1] then
    return { 0 }
  end
  redis.call('LPOP', KEYS[1])
  if ARGV[5] == '1' then
    redis.call('RPUSH', KEYS[3], ARGV[1])
  end
end
takeBack(ARGV[2], tonumber(ARGV[3]))

local reply = { ARGV[1] ~= '' and 1 or 0 }
if ARGV[4] ~= '' then
  while true do
    local head = redis.call('LINDEX', KEYS[1], 0)
    if not head then
      break
    end
    local ok, leg = pcall(cjson.decode, head)
    if not ok or leg.dependsOn ~= ARGV[4] then
      break
    end
    redis.call('LPOP', KEYS[1])
    local follow = (type(leg.followId) == 'string') and leg.followId or ''
    takeBack(follow, leg.side == 'buy' and leg.size or -leg.size)
    reply[#reply + 1] = head
  end
end
return reply
