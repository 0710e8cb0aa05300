-- Applies one master fill to the master's position and sequence for a symbol, exactly once.
-- KEYS[1] position hash { pos, seq }   KEYS[2] seen-fills hash fillId -> "seq:pos"
-- ARGV[1] fill id   ARGV[2] signed size   ARGV[3] exchange position after the fill ('' if unknown)
-- ARGV[4] '1' = strict: refuse (status 2) when the exchange position disagrees, so the caller can
--         gap-fill the missing fills first instead of jumping over them.
-- Returns { status, seq, pos, resynced }: status 1 applied, 0 seen before, 2 mismatch (nothing changed).
local seen = redis.call('HGET', KEYS[2], ARGV[1])
if seen then
  local sep = string.find(seen, ':', 1, true)
  return { 0, tonumber(string.sub(seen, 1, sep - 1)), tonumber(string.sub(seen, sep + 1)), 0 }
end
local pos = tonumber(redis.call('HGET', KEYS[1], 'pos') or '0') + tonumber(ARGV[2])
local resynced = 0
if ARGV[3] ~= '' and tonumber(ARGV[3]) ~= pos then
  if ARGV[4] == '1' then
    return { 2, tonumber(redis.call('HGET', KEYS[1], 'seq') or '0'), pos, 0 }
  end
  pos = tonumber(ARGV[3])
  resynced = 1
end
local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
redis.call('HSET', KEYS[1], 'pos', pos)
redis.call('HSET', KEYS[2], ARGV[1], seq .. ':' .. pos)
return { 1, seq, pos, resynced }
