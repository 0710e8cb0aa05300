-- Applies one master fill to the master's position and sequence for a symbol, exactly once.
-- KEYS[1] position hash { pos, seq, se }   KEYS[2] seen-fills hash fillId -> "seq:pos"
-- ARGV[1] fill id   ARGV[2] signed size   ARGV[3] exchange position after the fill ('' if unknown)
-- ARGV[4] '1' = strict: refuse (status 2) when the fill does not follow what was applied, so the
--         caller can gap-fill the missing fills first instead of jumping over them
-- ARGV[5] the WebSocket's per-symbol sequence `se` ('' for a REST fill)
-- `se` is the last WebSocket sequence the position has followed without a hole. A fill follows it
-- when its `se` is the next one, or 1 (the exchange restarted and counts again), or when none is
-- known yet; then only the position check below can tell a gap.
-- Returns { status, seq, pos, resynced }: status 1 applied, 0 seen before, 2 gap (nothing changed).
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
  local sep = string.find(seen, ':', 1, true)
  return { 0, tonumber(string.sub(seen, 1, sep - 1)), tonumber(string.sub(seen, sep + 1)), 0 }
end
local pos = tonumber(redis.call('HGET', KEYS[1], 'pos') or '0') + tonumber(ARGV[2])
if ARGV[4] == '1' and ((se ~= nil and not follows()) or (ARGV[3] ~= '' and tonumber(ARGV[3]) ~= pos)) then
  return { 2, tonumber(redis.call('HGET', KEYS[1], 'seq') or '0'), pos, 0 }
end
local resynced = 0
if ARGV[3] ~= '' and tonumber(ARGV[3]) ~= pos then
  pos = tonumber(ARGV[3])
  resynced = 1
end
local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
redis.call('HSET', KEYS[1], 'pos', pos)
if se ~= nil then
  redis.call('HSET', KEYS[1], 'se', se)
end
redis.call('HSET', KEYS[2], ARGV[1], seq .. ':' .. pos)
return { 1, seq, pos, resynced }
