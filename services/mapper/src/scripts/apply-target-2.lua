-- The sequence-guarded target update for one (follower, symbol): the Redis twin of copy-engine's
-- applyUpdate + planOrders, so moving the target and queueing its orders is one atomic step.
-- KEYS[1] target state hash { lastSeq, lastTarget, lastCids }   KEYS[2] order outbox list
-- ARGV[1] seq   ARGV[2] new target (signed contracts)
-- ARGV[3] leg context: an orderLeg JSON object without side/size/reduceOnly/leg/clientOrderId/
--         targetBefore/targetAfter (those are appended here)
-- ARGV[4..7] client order ids of the open / close / increase / reduce legs
-- Returns { 0, lastSeq, lastCids } when seq <= lastSeq (nothing changes), else
--         { 1, seq, cids, leg JSON... } after pushing the legs and storing the new state.
local seq = tonumber(ARGV[1])
local target = tonumber(ARGV[2])
local state = redis.call('HMGET', KEYS[1], 'lastSeq', 'lastTarget', 'lastCids')
if state[1] and seq <= tonumber(state[1]) then
  return { 0, tonumber(state[1]), state[3] or '[]' }
end
local last = tonumber(state[2] or '0')
local cidOf = { open = ARGV[4], close = ARGV[5], increase = ARGV[6], reduce = ARGV[7] }
-- string.format('%d') keeps whole numbers up to 2^53 exact; tostring would switch to exponents.
local function int(n)
  return string.format('%d', n)
end
local prefix = string.sub(ARGV[3], 1, -2)
local legs = {}
local cids = {}
local function leg(side, size, reduceOnly, kind)
  local json = prefix .. ',"side":"' .. side .. '","size":' .. int(size) .. ',"reduceOnly":'
    .. (reduceOnly and 'true' or 'false') .. ',"leg":"' .. kind .. '","clientOrderId":"' .. cidOf[kind]
    .. '","targetBefore":' .. int(last) .. ',"targetAfter":' .. int(target) .. '}'
  legs[#legs + 1] = json
  cids[#cids + 1] = '"' .. cidOf[kind] .. '"'
end

local delta = target - last
local side = delta > 0 and 'buy' or 'sell'
if delta ~= 0 then
  if last == 0 then
    leg(side, math.abs(delta), false, 'open')
  elseif target == 0 then
    leg(side, math.abs(delta), true, 'close')
  elseif (last > 0) ~= (target > 0) then
    -- A flip: reduce-only close first, so a refused open never leaves a half-closed wrong side.
    leg(side, math.abs(last), true, 'close')
    leg(side, math.abs(target), false, 'open')
  elseif math.abs(target) > math.abs(last) then
    leg(side, math.abs(delta), false, 'increase')
  else
    leg(side, math.abs(delta), true, 'reduce')
  end
end

if #legs > 0 then
  redis.call('RPUSH', KEYS[2], unpack(legs))
end
local cidsJson = '[' .. table.concat(cids, ',') .. ']'
redis.call('HSET', KEYS[1], 'lastSeq', int(seq), 'lastTarget', int(target), 'lastCids', cidsJson)
local reply = { 1, seq, cidsJson }
for i = 1, #legs do
  reply[#reply + 1] = legs[i]
end
return reply
