#!lua name=tickwire
--[[
Tickwire's Redis 7 Function library: the one way quotes get into a cluster (PROTOCOL.md §7).
Load it (idempotent):  redis-cli FUNCTION LOAD REPLACE "$(cat ops/redis/tickwire.lua)"

Keys (fixed prefix "tickwire:"; the functions take numkeys 0 and so need a standalone or Sentinel
Redis, not Redis Cluster, whose functions must declare every key they touch):
  tickwire:symbols  hash   symbol -> display name. Publishers announce a symbol with a plain HSET.
  tickwire:latest   hash   symbol -> that symbol's latest quote JSON (the same string as in the stream).
  tickwire:quotes   stream one entry per quote, ID "<seq>-0" (the ID's first part IS the seq), one
                           field "q" = the quote JSON. Capped by count: XADD ... MAXLEN ~ N.
  tickwire:seq      string the last seq assigned.
  tickwire:config   hash   "stream-max-len" = N above (default 1000000 when absent).

Functions:
  FCALL tickwire_publish 0 <quote-json> [<quote-json> ...]
      Each argument is PROTOCOL §1's quote without "type" and "seq" ("type" is ignored, "seq" is
      refused: this function stamps it; unknown fields are ignored; "ts", epoch microseconds, may be
      left out and then Redis's clock is used). Prices must be > 0 and < 1e9 and on the 0.01 tick
      (price*100 within 1e-6 of an integer: 189.31000000000003 passes and is sent as 189.31); sizes,
      volume and ts must be integers below 2^53. Every argument is checked before anything is
      written; the first bad one (1-based) fails the whole call with
      "BADQUOTE quote <i> (<symbol or ?>): <reason>" and nothing is published. Otherwise each quote
      gets the next seq, is appended to the stream and becomes its symbol's latest, in argument
      order. Reply: the array of the seqs assigned.
      Cost: a quote written as QuoteCodec writes it (§1's field order, no spaces, prices with two
      decimals, "ts" present or left out) is checked with one pattern match instead of a JSON
      decode, and its text is reused instead of printed again; any other form takes the decoding
      path. Both store the same JSON and refuse with the same messages. HEXISTS runs once per
      symbol per call, and the latest hash gets each symbol's last quote of the call only.
  FCALL_RO tickwire_snapshot 0
      Reply [position, HGETALL tickwire:symbols, HVALS tickwire:latest], position = the seq of the
      stream's last entry (GET tickwire:seq, or 0, when the stream is empty). One call, so atomic:
      every quote with seq <= position is in the latest values, every later one is in the stream
      after position. A gateway starts from that, then XREADs the stream from "<position>-0".
  FCALL tickwire_configure 0 <maxlen>
      HSET tickwire:config stream-max-len <maxlen> (an integer >= 1). Gateways and publishers call
      it at start with their configured retention.

The seq rule: seqs are consecutive integers (INCRBY semantics on tickwire:seq). When tickwire:seq is
missing (first start, or Redis lost its data) a new life starts at Redis's clock in microseconds,
or above the stream's last ID if that is higher. One life consumes one seq per quote while the
clock gains one million per second, so a new life starts strictly above every earlier seq as long
as the feed's long-run rate stayed under 1M quotes/s (and Redis's clock does not go back). Seqs stay
below 2^53 (exact in JavaScript and in Lua's doubles); the call is refused before reaching it.

Why a Stream and not Pub/Sub: Pub/Sub is fire-and-forget, so a gateway that reconnects after a
network blip or a Redis failover would silently miss quotes. A stream keeps them: a gateway resumes
with XREAD from the last ID it read, and a snapshot position is a place in the stream, which is what
makes "latest values + stream after position" gap-free and duplicate-free.

Lua pitfalls this file avoids: numbers are doubles; tostring() and cjson.encode() print only 14
significant digits (1764567890123456 -> "1.7645678901235e+15"), so integers are printed with
string.format("%d") and prices with "%.2f". cjson.decode also accepts NaN, Infinity, 1e400 and hex,
so every number is checked to be finite and within range.
]]

local SYMBOLS, LATEST, STREAM, SEQ, CONFIG =
  'tickwire:symbols', 'tickwire:latest', 'tickwire:quotes', 'tickwire:seq', 'tickwire:config'
local DEFAULT_MAX_LEN = 1000000
local MAX_SAFE = 9007199254740991 -- 2^53 - 1
local MAX_PRICE = 1e9             -- exclusive; keeps the tick check meaningful in doubles
local PRICES = {'bid', 'ask', 'last', 'open'}
local SIZES = {'bidSize', 'askSize', 'lastSize'}

local function is_int(x, min)
  return type(x) == 'number' and x >= min and x <= MAX_SAFE and x == math.floor(x)
end

-- nil when ok, else the reason
local function price_error(q, f)
  local x = q[f]
  if x == nil then return 'missing ' .. f end
  if type(x) ~= 'number' then return f .. ' is not a number' end
  if not (x > 0 and x < MAX_PRICE) then return f .. ' must be > 0 and < 1e9' end
  local cents = x * 100
  if not (math.abs(cents - math.floor(cents + 0.5)) <= 1e-6 * math.max(1, cents / 1e6)) then
    return f .. ' ' .. string.format('%.6g', x) .. ' is not on the 0.01 tick'
  end
end

-- HEXISTS once per symbol per call, not once per quote
local function is_known(sym, known)
  local k = known[sym]
  if k == nil then
    k = redis.call('HEXISTS', SYMBOLS, sym) == 1
    known[sym] = k
  end
  return k
end

-- nil when ok, else the reason (and the symbol, for the message, when it is a string)
local function check_quote(arg, known)
  local ok, q = pcall(cjson.decode, arg)
  if not ok then return 'not valid JSON' end
  if type(q) ~= 'table' or q[1] ~= nil then return 'not a JSON object' end
  local sym = q.symbol
  local name = type(sym) == 'string' and sym:sub(1, 20):gsub('[^%w%.%-_]', '?') or '?'
  if sym == nil then return 'missing symbol', name end
  if type(sym) ~= 'string' or #sym > 12 or not sym:match('^[A-Z0-9%.%-]+$') then
    return 'symbol must match [A-Z0-9.-]{1,12}', name
  end
  if q.seq ~= nil then return 'seq must be left out: tickwire_publish stamps it', name end
  for _, f in ipairs(PRICES) do
    local e = price_error(q, f)
    if e then return e, name end
  end
  if math.floor(q.bid * 100 + 0.5) >= math.floor(q.ask * 100 + 0.5) then return 'bid must be < ask', name end
  for _, f in ipairs(SIZES) do
    if q[f] == nil then return 'missing ' .. f, name end
    if not is_int(q[f], 1) then return f .. ' must be an integer > 0 and < 2^53', name end
  end
  if q.volume == nil then return 'missing volume', name end
  if not is_int(q.volume, 0) then return 'volume must be an integer >= 0 and < 2^53', name end
  if q.ts ~= nil and not is_int(q.ts, 1) then return 'ts must be an integer > 0 and < 2^53 (epoch microseconds)', name end
  if not is_known(sym, known) then return 'unknown symbol (not in tickwire:symbols)', name end
  return nil, name, q
end

-- The fast path: a quote in the canonical form (the fields in the order of PROTOCOL §1, no spaces,
-- prices with exactly two decimals, integers without leading zeros, "ts" present or left out) is
-- checked with one pattern match and no JSON decoding, and its text after "ts" is reused as is: it
-- is exactly what tail_json would print. Anything else, valid or not, returns nil and goes through
-- check_quote, which also gives the reasons: this path never refuses a quote by itself.
local WITH_TS = '^{"symbol":"([A-Z0-9%.%-]+)","ts":(%d+)(),"bid":(%d+%.%d%d),"ask":(%d+%.%d%d),"last":(%d+%.%d%d),'
    .. '"bidSize":(%d+),"askSize":(%d+),"lastSize":(%d+),"volume":(%d+),"open":(%d+%.%d%d)}$'
local WITHOUT_TS = '^{"symbol":"([A-Z0-9%.%-]+)"(),"bid":(%d+%.%d%d),"ask":(%d+%.%d%d),"last":(%d+%.%d%d),'
    .. '"bidSize":(%d+),"askSize":(%d+),"lastSize":(%d+),"volume":(%d+),"open":(%d+%.%d%d)}$'

-- the price in cents when s (matched as %d+%.%d%d) is printed as %.2f prints it (> 0, < 1e9), else nil
local function canonical_cents(s)
  local n = #s
  if n > 12 or (n > 4 and s:byte(1) == 48) then return nil end
  local cents = math.floor(tonumber(s) * 100 + 0.5)
  if cents < 1 then return nil end
  return cents
end

-- true when s is an integer printed as %d prints it, >= min and < 2^53
local function canonical_int(s, min)
  local n = #s
  if n > 16 or (n > 1 and s:byte(1) == 48) then return false end
  local x = tonumber(s)
  return x >= min and x <= MAX_SAFE
end

local function fast_quote(arg, known)
  local sym, ts, at, bid, ask, last, bs, as, ls, vol, open = arg:match(WITH_TS)
  if sym == nil then
    sym, at, bid, ask, last, bs, as, ls, vol, open = arg:match(WITHOUT_TS)
    if sym == nil then return nil end
  elseif not canonical_int(ts, 1) then
    return nil
  end
  if #sym > 12 then return nil end
  local bc, ac = canonical_cents(bid), canonical_cents(ask)
  if bc == nil or ac == nil or bc >= ac or canonical_cents(last) == nil or canonical_cents(open) == nil
      or not (canonical_int(bs, 1) and canonical_int(as, 1) and canonical_int(ls, 1) and canonical_int(vol, 0))
      or not is_known(sym, known) then
    return nil
  end
  return {symbol = sym, ts = ts, tail = arg:sub(at)}
end

local function now_micros()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000000 + tonumber(t[2])
end

-- the first part of the stream's last generated ID (0 when there is no stream)
local function stream_top()
  if redis.call('EXISTS', STREAM) == 0 then return 0 end
  local info = redis.call('XINFO', 'STREAM', STREAM)
  for i = 1, #info, 2 do
    if info[i] == 'last-generated-id' then return tonumber(info[i + 1]:match('^(%d+)')) end
  end
  return 0
end

-- The quote JSON after "ts": the same text whichever path (fast_quote or check_quote) accepted it.
local function tail_json(q)
  return string.format(',"bid":%.2f,"ask":%.2f,"last":%.2f,"bidSize":%d,"askSize":%d,"lastSize":%d,"volume":%d,"open":%.2f}',
    q.bid, q.ask, q.last, q.bidSize, q.askSize, q.lastSize, q.volume, q.open)
end

local function publish(keys, args)
  if #args == 0 then
    return redis.error_reply('BADQUOTE tickwire_publish needs at least one quote JSON argument')
  end
  local quotes, known = {}, {}
  for i, arg in ipairs(args) do
    local q = fast_quote(arg, known)
    if q == nil then
      local err, name, slow = check_quote(arg, known)
      if err then return redis.error_reply(string.format('BADQUOTE quote %d (%s): %s', i, name or '?', err)) end
      q = {symbol = slow.symbol, ts = slow.ts and string.format('%d', slow.ts), tail = tail_json(slow)}
    end
    quotes[i] = q
  end

  local maxlen = DEFAULT_MAX_LEN
  local configured = redis.call('HGET', CONFIG, 'stream-max-len')
  if configured then
    maxlen = tonumber(configured)
    if not is_int(maxlen, 1) then
      return redis.error_reply('ERR ' .. CONFIG .. ' stream-max-len is not an integer >= 1: ' .. configured)
    end
  end

  -- Every check above comes before the first write: a failure leaves nothing behind.
  local now
  local base = tonumber(redis.call('GET', SEQ) or '')
  if base == nil then
    now = now_micros()
    base = now -- a new life, see the header
  end
  base = math.max(base, stream_top()) -- XADD needs IDs above the stream's top (e.g. after a DEL of the seq key)
  local n = #quotes
  if base + n >= MAX_SAFE + 1 then
    return redis.error_reply(string.format('ERR seq would reach 2^53 (last seq %d, %d quotes)', base, n))
  end

  -- The latest quote of each symbol in this call, written once per symbol at the end: a busy
  -- symbol has several quotes in a call, and only its last one is its latest.
  local seqs, last_of, symbols, cap = {}, {}, {}, string.format('%d', maxlen)
  for i, q in ipairs(quotes) do
    local seq = base + i
    local id = string.format('%d', seq)
    if q.ts == nil and now == nil then now = now_micros() end
    local json = '{"type":"quote","symbol":"' .. q.symbol .. '","seq":' .. id .. ',"ts":'
        .. (q.ts or string.format('%d', now)) .. q.tail
    redis.call('XADD', STREAM, 'MAXLEN', '~', cap, id .. '-0', 'q', json)
    if last_of[q.symbol] == nil then symbols[#symbols + 1] = q.symbol end
    last_of[q.symbol] = json
    seqs[i] = seq
  end
  local latest = {}
  for _, sym in ipairs(symbols) do
    latest[#latest + 1] = sym
    latest[#latest + 1] = last_of[sym]
    if #latest >= 1000 then -- HSET in chunks: unpack() has a stack limit of ~8000 values
      redis.call('HSET', LATEST, unpack(latest))
      latest = {}
    end
  end
  if #latest > 0 then redis.call('HSET', LATEST, unpack(latest)) end
  redis.call('SET', SEQ, string.format('%d', base + n))
  return seqs
end

local function snapshot(keys, args)
  local last = redis.call('XREVRANGE', STREAM, '+', '-', 'COUNT', 1)
  local position = last[1] and tonumber(last[1][1]:match('^(%d+)')) or tonumber(redis.call('GET', SEQ) or '0') or 0
  return {position, redis.call('HGETALL', SYMBOLS), redis.call('HVALS', LATEST)}
end

local function configure(keys, args)
  local v = args[1]
  if #args ~= 1 or not v:match('^%d+$') or not is_int(tonumber(v), 1) then
    return redis.error_reply('ERR tickwire_configure takes one argument: the stream max length, an integer >= 1')
  end
  redis.call('HSET', CONFIG, 'stream-max-len', string.format('%d', tonumber(v)))
  return redis.status_reply('OK')
end

redis.register_function('tickwire_publish', publish)
redis.register_function{function_name = 'tickwire_snapshot', callback = snapshot, flags = {'no-writes'}}
redis.register_function('tickwire_configure', configure)
