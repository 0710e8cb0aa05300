-- The sequence-guarded target update for one follow on one symbol: the Redis twin of copy-engine's
-- applyToBook + planOrders, so moving the target and queueing its orders is one atomic step.
-- KEYS[1] the follower's book for the symbol: hash { total, <followId>:seq, <followId>:target,
--         <followId>:cids, <followId>:master }   KEYS[2] the follower's order outbox for the symbol (list)
-- KEYS[3] the follower's recent decisions on the symbol (hash, see ARGV[14])
-- KEYS[4] the kick stream: the legs' kick is added there with them, so none is queued unkicked
-- ARGV[1] follow id   ARGV[2] seq   ARGV[3] the follow's new target (signed contracts)
-- ARGV[4] the follow target the decision was made on, or '' to commit whatever it is now
-- ARGV[5] leg context: an orderLeg JSON object without side/size/reduceOnly/leg/clientOrderId/
--         targetBefore/targetAfter (those are appended here)
-- ARGV[6..9] client order ids of the open / close / increase / reduce legs; '' for a leg the caller
--          did not expect (it planned on the total it read)
-- ARGV[10] the master position the decision was made on (kept as <followId>:master)
-- ARGV[11] 'resync' to apply at the follow's current seq (it must equal ARGV[2]) without advancing it
-- ARGV[12] with a resync, the follower's exchange position to set the total to first (the difference
--          charged to this follow), or ''
-- ARGV[13] the total that position was read beside: no rebase if the total moved since (legs were
--          queued meanwhile, so the position read is no longer where they start)
-- ARGV[14] the decision as the caller made it, a JSON object ({ correlationId, ok, reason?, detail? }),
--          kept with what this step committed in KEYS[3] under the field ARGV[15], which then expires
--          ARGV[16] ms after its last write, so a replay of the fill can record the decision its dead
--          attempt made; '' keeps nothing
-- ARGV[17] the kick as a copyKickEntry JSON object without clientOrderIds and closes (appended here):
--          {"followerAccountId":…,"symbol":…,"correlationId":…}
-- ARGV[18] the decision's trace context (JSON), kept with the kick as its `trace` field; '' for none
-- Returns { 0, lastSeq, lastCids } when seq <= the follow's lastSeq (nothing changes; a resync:
--         when seq is not the follow's lastSeq),
--         { 2, lastTarget } when the follow's target is no longer ARGV[4] (decide again),
--         { 3, lastTarget } when a leg is needed whose id was given as '' (nothing changes: call
--         again with every id),
--         else { 1, seq, cids, totalBefore, totalAfter, then per leg: kind, side, size, reduceOnly (1/0),
--         the kind it depends on or '' } after pushing the legs and storing the state (the caller
--         knows the rest of each leg: its context and ids).
local follow = ARGV[1]
local seq = tonumber(ARGV[2])
local target = tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], follow .. ':seq', follow .. ':target', follow .. ':cids', 'total')
local lastSeq = tonumber(state[1] or '0')
local resync = ARGV[11] == 'resync'
if (resync and seq ~= lastSeq) or (not resync and state[1] and seq <= lastSeq) then
  return { 0, lastSeq, state[3] or '[]' }
end
local last = tonumber(state[2] or '0')
local before = tonumber(state[4] or '0')
if resync and ARGV[12] ~= '' and tonumber(ARGV[13]) == before then
  local rebase = tonumber(ARGV[12])
  last = last + (rebase - before)
  before = rebase
end
if ARGV[4] ~= '' and tonumber(ARGV[4]) ~= last then
  return { 2, last }
end
local after = before - last + target
local cidOf = { open = ARGV[6], close = ARGV[7], increase = ARGV[8], reduce = ARGV[9] }
-- string.format('%d') keeps whole numbers up to 2^53 exact; tostring would switch to exponents.
local function int(n)
  return string.format('%d', n)
end
local prefix = string.sub(ARGV[5], 1, -2)
local legs = {}
local cids = {}
local summary = {}
local recorded = {}
local missing = false
local function leg(side, size, reduceOnly, kind, dependsOn)
  if cidOf[kind] == '' then
    missing = true
  end
  local json = prefix .. ',"side":"' .. side .. '","size":' .. int(size) .. ',"reduceOnly":'
    .. (reduceOnly and 'true' or 'false') .. ',"leg":"' .. kind .. '","clientOrderId":"' .. cidOf[kind]
    .. '","targetBefore":' .. int(before) .. ',"targetAfter":' .. int(after)
    .. (dependsOn and (',"dependsOn":"' .. dependsOn .. '"') or '') .. '}'
  legs[#legs + 1] = json
  cids[#cids + 1] = '"' .. cidOf[kind] .. '"'
  recorded[#recorded + 1] = '{"clientOrderId":"' .. cidOf[kind] .. '","side":"' .. side .. '","size":' .. int(size)
    .. ',"reduceOnly":' .. (reduceOnly and 'true' or 'false') .. ',"leg":"' .. kind .. '"}'
  for _, v in ipairs({ kind, side, size, reduceOnly and 1 or 0, dependsOn and 'close' or '' }) do
    summary[#summary + 1] = v
  end
end

-- The legs move the follower's total, which is what its exchange position follows.
local delta = after - before
local side = delta > 0 and 'buy' or 'sell'
if delta ~= 0 then
  if before == 0 then
    leg(side, math.abs(delta), false, 'open')
  elseif after == 0 then
    leg(side, math.abs(delta), true, 'close')
  elseif (before > 0) ~= (after > 0) then
    -- A flip: reduce-only close first, so a refused open never leaves a half-closed wrong side;
    -- the open depends on the close, so a refused close takes the open out too.
    leg(side, math.abs(before), true, 'close')
    leg(side, math.abs(after), false, 'open', cidOf.close)
  elseif math.abs(after) > math.abs(before) then
    leg(side, math.abs(delta), false, 'increase')
  else
    leg(side, math.abs(delta), true, 'reduce')
  end
end

if missing then
  return { 3, last }
end
local cidsJson = '[' .. table.concat(cids, ',') .. ']'
if #legs > 0 then
  redis.call('RPUSH', KEYS[2], unpack(legs))
  -- A kick whose legs close or reduce goes ahead of the opens an executor reads beside it.
  local closes = 'false'
  for i = 4, #summary, 5 do
    if summary[i] == 1 then
      closes = 'true'
    end
  end
  local kick = string.sub(ARGV[17], 1, -2) .. ',"clientOrderIds":' .. cidsJson .. ',"closes":' .. closes .. '}'
  if ARGV[18] ~= '' then
    redis.call('XADD', KEYS[4], '*', 'kick', kick, 'trace', ARGV[18])
  else
    redis.call('XADD', KEYS[4], '*', 'kick', kick)
  end
end
redis.call('HSET', KEYS[1], follow .. ':seq', int(seq), follow .. ':target', int(target), follow .. ':cids',
  cidsJson, follow .. ':master', ARGV[10], 'total', int(after))
if ARGV[14] ~= '' then
  redis.call('HSET', KEYS[3], ARGV[15], string.sub(ARGV[14], 1, -2) .. ',"targetBefore":' .. int(last)
    .. ',"targetAfter":' .. int(target) .. ',"totalBefore":' .. int(before) .. ',"totalAfter":' .. int(after)
    .. ',"legs":[' .. table.concat(recorded, ',') .. ']}')
  redis.call('PEXPIRE', KEYS[3], ARGV[16])
end
local reply = { 1, seq, cidsJson, before, after }
for i = 1, #summary do
  reply[#reply + 1] = summary[i]
end
return reply
