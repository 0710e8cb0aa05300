-- Applies one master fill to the master's position and sequence for a symbol, exactly once.
-- KEYS[1] position hash { pos, seq, se, atUs, atId }
-- KEYS[2] seen-fills hash fillId -> "seq:pos" (applied), "seq:pos:r" (applied on the exchange's
--         position, which differed from ours) or "seq:pos:c" (covered)
-- KEYS[3] seen-fill times: sorted set fillId scored by the fill's exchange time (ms)
-- KEYS[4] the master fill stream: an applied fill's job is added there in this step, so no applied
--         fill is left unsent to the mapper
-- ARGV[1] fill id   ARGV[2] signed size   ARGV[3] exchange position after the fill ('' if unknown)
-- ARGV[4] '1' = strict: refuse (status 2) when the fill does not follow what was applied, so the
--         caller can gap-fill the missing fills first instead of jumping over them
-- ARGV[5] the WebSocket's per-symbol sequence `se` ('' for a REST fill)
-- ARGV[6] the fill's exchange time (µs)
-- ARGV[7] now (ms)   ARGV[8] seen-fills horizon (ms)
-- ARGV[9] the fill's masterFillJob as a JSON object without positionAfter and seq (appended here)
-- ARGV[10] the fill's trace context (JSON), kept with it as the entry's `trace` field; '' for none
--
-- The seen record is bounded: each fill recorded here trims up to 100 entries whose fill is older
-- than the horizon. The caller must not take a fill that old for new on this record alone (the
-- listener asks PostgreSQL's master_fills rows about old fills first).
--
-- `se` is the last WebSocket sequence the position has followed without a hole. A fill follows it
-- when its `se` is the next one, or 1 (the exchange restarted and counts again), or when none is
-- known yet; then only the position check below can tell a gap.
--
-- (atUs, atId) is the newest fill applied with the exchange's own position after it (`po`): from
-- there on the position is the exchange's, which already contains every older fill. So a fill older
-- than that point that was never applied (REST lagging the socket, or a hole the resync jumped over)
-- is *covered*: recorded as seen, with the sequence and position of now, and never applied, so it
-- cannot be counted twice.
--
-- Returns { status, seq, pos, resynced, covered, streamed }: status 1 applied, 0 seen before, 2 gap
-- (nothing changed), 3 covered (recorded only); resynced = 1 for a fill applied on the exchange's
-- position, covered = 1 for a covered fill, now or when first seen, and streamed = 1 for a fill whose
-- job went on the stream when it was applied (a seen record without the `s` flag was applied by a
-- listener that queued its job itself afterwards).
local se = ARGV[5] ~= '' and tonumber(ARGV[5]) or nil
local lastSe = tonumber(redis.call('HGET', KEYS[1], 'se') or '')
local function follows()
  return se ~= nil and (lastSe == nil or se == lastSe + 1 or se == 1)
end

local seen = redis.call('HGET', KEYS[2], ARGV[1])
if seen then
  -- Seen on REST first: the socket's stream still moves on, as long as it has no hole.
  if follows() then
    redis.call('HSET', KEYS[1], 'se', se)
  end
  local seq, pos, flags = string.match(seen, '^(%-?%d+):(%-?%d+):?(%a*)$')
  local function has(flag)
    return string.find(flags, flag, 1, true) and 1 or 0
  end
  return { 0, tonumber(seq), tonumber(pos), has('r'), has('c'), has('s') }
end

local state = redis.call('HMGET', KEYS[1], 'pos', 'seq', 'atUs', 'atId')
local current = tonumber(state[1] or '0')
local currentSeq = tonumber(state[2] or '0')
local function covered()
  if not state[3] then
    return false
  end
  local t, at = tonumber(ARGV[6]), tonumber(state[3])
  if t ~= at then
    return t < at
  end
  local id, atId = ARGV[1], state[4]
  if #id ~= #atId then
    return #id < #atId
  end
  return id < atId
end
-- string.format('%d') keeps whole numbers exact; tostring could switch to exponents.
local function record(value)
  redis.call('HSET', KEYS[2], ARGV[1], value)
  redis.call('ZADD', KEYS[3], string.format('%d', math.floor(tonumber(ARGV[6]) / 1000)), ARGV[1])
  local horizon = string.format('%d', tonumber(ARGV[7]) - tonumber(ARGV[8]))
  local expired = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', '(' .. horizon, 'LIMIT', 0, 100)
  if #expired > 0 then
    redis.call('HDEL', KEYS[2], unpack(expired))
    redis.call('ZREM', KEYS[3], unpack(expired))
  end
end

if covered() then
  record(currentSeq .. ':' .. current .. ':c')
  return { 3, currentSeq, current, 0, 1, 0 }
end

local pos = current + tonumber(ARGV[2])
if ARGV[4] == '1' and ((se ~= nil and not follows()) or (ARGV[3] ~= '' and tonumber(ARGV[3]) ~= pos)) then
  return { 2, currentSeq, pos, 0, 0, 0 }
end
local resynced = 0
if ARGV[3] ~= '' then
  if tonumber(ARGV[3]) ~= pos then
    pos = tonumber(ARGV[3])
    resynced = 1
  end
  redis.call('HSET', KEYS[1], 'atUs', ARGV[6], 'atId', ARGV[1])
end
local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
-- `fill` names the last applied fill, so an observer can tell when its job has run.
redis.call('HSET', KEYS[1], 'pos', pos, 'fill', ARGV[1])
if se ~= nil then
  redis.call('HSET', KEYS[1], 'se', se)
end
record(seq .. ':' .. pos .. (resynced == 1 and ':rs' or ':s'))
local job = string.sub(ARGV[9], 1, -2) .. ',"positionAfter":' .. string.format('%d', pos) .. ',"seq":'
  .. string.format('%d', seq) .. '}'
if ARGV[10] ~= '' then
  redis.call('XADD', KEYS[4], '*', 'fill', job, 'trace', ARGV[10])
else
  redis.call('XADD', KEYS[4], '*', 'fill', job)
end
return { 1, seq, pos, resynced, 0, 1 }
