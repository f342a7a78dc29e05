#!lua name=tickwire
--[[
Tickwire's Redis 7 Function library, v1.2: the one way quotes and instruments get into a cluster
(PROTOCOL.md §7). Load it (idempotent):  redis-cli FUNCTION LOAD REPLACE "$(cat ops/redis/tickwire.lua)"

Keys (fixed prefix "tickwire:"; the functions take numkeys 0 and so need a standalone or Sentinel
Redis, not Redis Cluster, whose functions must declare every key they touch):
  tickwire:instruments hash   symbol -> the instrument's JSON (PROTOCOL §1a), written by tickwire_define.
  tickwire:symbols     hash   symbol -> display name: HSET announces an equity (USD, tick 0.01, whole
                              shares) by name, as v1.1 did. An instrument of the same symbol wins.
  tickwire:latest      hash   symbol -> that symbol's latest quote, §1's object with its "seq" and "ts".
  tickwire:quotes      stream one entry per call: ID "<seq>-0" (the call's last seq), field "prev" = the
                              ID (seq) of the entry before it ("0" for the first of a stream), then
                              either the quotes of a tickwire_publish: "seq" = the first one's seq (the
                              others follow, consecutive), "ts" = Redis's clock then (the ts of a quote
                              that has none), "q" = the JSON array of the quotes as their publisher
                              wrote them in the plain form (see Cost below; any other form is written
                              in it), without "seq"; or the instruments of a tickwire_define: "i" = their
                              JSON array. Capped: see stream-max-len.
  tickwire:seq         string the last seq assigned, which is also the ID of the stream's last entry.
  tickwire:config      hash   "stream-max-len" = about how many quotes the stream keeps (1000000 when absent).
  tickwire:stats       hash   "quotes" = quotes published, "calls" = calls that published them.

Functions:
  FCALL tickwire_define 0 <instrument-json> [<instrument-json> ...]
      Each argument is PROTOCOL §1a's object. Only "symbol" is required; what is left out is taken as
      an equity would have it: name = the symbol, type "equity", currency "USD", priceDecimals = the
      fewest places that write tickSize (2 when tickSize is left out too), tickSize = one unit of
      priceDecimals, sizeDecimals 0. Every argument is checked first; the first bad one fails the call
      with "BADINSTRUMENT instrument <i> (<symbol>): <reason>" and nothing is defined. Otherwise each
      is stored in tickwire:instruments and the call appends one stream entry holding them all, so
      every gateway reads the new precision before any quote that needs it. Reply: how many.
  FCALL tickwire_publish 0 <quote-json> [<quote-json> ...]
      Each argument is PROTOCOL §1's quote without "type" and "seq" ("seq" is refused: this function
      stamps it; "ts", epoch microseconds, may be left out for Redis's clock; unknown fields are
      ignored). Prices must be > 0, multiples of the instrument's tick with at most its priceDecimals
      places; sizes > 0 and volume >= 0 with at most its sizeDecimals places; bid < ask. Every argument
      is checked before anything is written; the first bad one (1-based) fails the whole call with
      "BADQUOTE quote <i> (<symbol or ?>): <reason>" and nothing is published. Otherwise the quotes get
      consecutive seqs in argument order, are appended as ONE stream entry, and each symbol's last
      quote of the call becomes its latest. Reply: the array of the seqs assigned. At most 10000
      quotes a call.
      Cost: a quote written as plain JSON in §1's field order, without spaces (what QuoteCodec
      writes: {"symbol":…,"ts":…,"bid":…,"ask":…,"last":…,"bidSize":…,"askSize":…,"lastSize":…,
      "volume":…,"open":…}, numbers as plain decimals within the instrument's places, "ts" present or
      left out) is checked from its text with one pattern match; any other form is decoded as
      JSON and written again in the plain form. Both store equivalent JSON and refuse with the same
      messages; the plain form's text is stored as it came, so a call costs Redis little more than
      checking its quotes.
  FCALL_RO tickwire_snapshot 0
      Reply [position, HGETALL tickwire:symbols, HVALS tickwire:latest, HVALS tickwire:instruments],
      position = the ID (seq) of the stream's last entry (GET tickwire:seq when the stream is empty;
      0 when both are). One call, so atomic: every quote with seq <= position is in the latest values,
      and the next entry written has "prev" = position. A gateway starts from that, then XREADs the
      stream from "<position>-0".
  FCALL tickwire_configure 0 <maxlen>
      HSET tickwire:config stream-max-len <maxlen> (an integer >= 1). Gateways and publishers call it
      at start with their configured retention.

The seq rule: a call's first seq = the larger of (tickwire:seq + 1) and Redis's clock in microseconds,
the rest consecutive. So seqs keep going forward after Redis lost its data or failed over to a replica
that missed the last writes (as long as the long-run rate stayed under 1M quotes/s and the clock does
not go back), and stay below 2^53 (exact in JavaScript and in Lua's doubles).

The chain: each entry names the entry before it ("prev"), so a reader that read entry P knows the next
entry it reads follows on only if its prev is P. A break (entries trimmed before it read them, Redis
that lost its data, a failover to a replica that missed writes) shows as another prev, and the reader
starts again from tickwire_snapshot instead of trusting seq arithmetic.

Retention: a call's entry is counted as its quotes: XADD ... MAXLEN ~ ceil(stream-max-len / n) for a
call of n quotes, so the stream keeps about stream-max-len quotes however publishers batch them (at
most about twice that while calls change from large to small).

Lua pitfalls this file avoids: numbers are doubles; tostring() and cjson.encode() print only 14
significant digits (1764567890123456 -> "1.7645678901235e+15"), so integers are printed with
string.format("%d") and prices from whole units. cjson.decode also accepts NaN, Infinity, 1e400 and
hex, so every number is checked to be finite and within range.
]]

local SYMBOLS, INSTRUMENTS, LATEST, STREAM, SEQ, CONFIG, STATS = 'tickwire:symbols', 'tickwire:instruments',
  'tickwire:latest', 'tickwire:quotes', 'tickwire:seq', 'tickwire:config', 'tickwire:stats'
local DEFAULT_MAX_LEN = 1000000
local MAX_SAFE = 9007199254740991 -- 2^53 - 1
local MAX_CALL = 10000
local MAX_TICK_UNITS = 1e12
local P10 = {}
for d = 0, 10 do P10[d] = 10 ^ d end
local TYPES = {equity = true, etf = true, fx = true, crypto = true, future = true, index = true, other = true}
local EQUITY = {pd = 2, tick = 1, sd = 0}
local PRICES = {'bid', 'ask', 'last', 'open'}
local SIZES = {'bidSize', 'askSize', 'lastSize'}

local function valid_symbol(s)
  return type(s) == 'string' and #s >= 1 and #s <= 32 and s:match('^[A-Za-z0-9%._:/%-]+$') ~= nil
end

local function is_int(x, min)
  return type(x) == 'number' and x >= min and x <= MAX_SAFE and x == math.floor(x)
end

-- x in whole units of 10^-d, or nil when x is not a decimal of d places (same rule as the gateway's
-- Decimals.units: x*10^d within 1e-9 + 1e-12*|x*10^d| of an integer, below 2^53)
local function exact_units(x, d)
  local v = x * P10[d]
  if not (v >= 0 and v < MAX_SAFE) then return nil end
  local u = math.floor(v + 0.5)
  if math.abs(v - u) <= 1e-9 + v * 1e-12 then return u end
  return nil
end

-- units (>= 0) as a plain decimal with d places, trailing zeros dropped when trim
local function fixed(u, d, trim)
  local s = string.format('%d', u)
  if d == 0 then return s end
  if #s <= d then s = string.rep('0', d - #s + 1) .. s end
  local whole, frac = s:sub(1, #s - d), s:sub(#s - d + 1)
  if trim then
    frac = frac:gsub('0+$', '')
    if frac == '' then return whole end
  end
  return whole .. '.' .. frac
end

-- a number quoted back in a message: plain, short
local function num_text(x)
  local s = string.format('%.15g', x)
  if s:find('e', 1, true) then s = string.format('%.12f', x):gsub('0+$', ''):gsub('%.$', '') end
  return s
end

-- The precision of a symbol ({pd, tick, sd}), once per symbol per call; false when it is not carried.
local function precision(sym, cache)
  local p = cache[sym]
  if p == nil then
    local json = redis.call('HGET', INSTRUMENTS, sym)
    if json then
      local ok, i = pcall(cjson.decode, json)
      p = false
      if ok and type(i) == 'table' and is_int(i.priceDecimals, 0) and is_int(i.sizeDecimals, 0)
          and type(i.tickSize) == 'number' then
        local tick = exact_units(i.tickSize, i.priceDecimals)
        if tick and tick >= 1 then p = {pd = i.priceDecimals, tick = tick, sd = i.sizeDecimals} end
      end
    elseif redis.call('HEXISTS', SYMBOLS, sym) == 1 then
      p = EQUITY
    else
      p = false
    end
    cache[sym] = p
  end
  return p
end

-- The seq of a call's first entry of n seqs, and the seq of the entry before it.
local function next_seq(n)
  local prev = tonumber(redis.call('GET', SEQ) or '')
  if prev == nil then
    prev = 0 -- a new life: the stream's top, if a stream is left
    if redis.call('EXISTS', STREAM) == 1 then
      local top = redis.call('XREVRANGE', STREAM, '+', '-', 'COUNT', 1)[1]
      if top then prev = tonumber(top[1]:match('^(%d+)')) end
    end
  end
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
  local first = math.max(prev + 1, now)
  if first + n - 1 > MAX_SAFE then return nil, prev, now end
  return first, prev, now
end

local function max_len()
  local configured = redis.call('HGET', CONFIG, 'stream-max-len')
  local n = configured and tonumber(configured) or DEFAULT_MAX_LEN
  if not is_int(n, 1) then return nil, configured end
  return n
end

----------------------------------------------------------------------------------------------------
-- Quotes

-- The fast path: a quote in the plain form above is checked from its text, where the pattern
-- finds each number (positions only: no string is made but the symbol's), and stored as it is.
-- Anything else, valid or not, returns nil and goes through check_quote, which also gives the
-- reasons: this path never refuses a quote by itself.
local NUM = '()%d+()%.?%d*()'
local TAIL = ',"bid":' .. NUM .. ',"ask":' .. NUM .. ',"last":' .. NUM .. ',"bidSize":' .. NUM .. ',"askSize":'
    .. NUM .. ',"lastSize":' .. NUM .. ',"volume":' .. NUM .. ',"open":' .. NUM .. '}$'
local WITH_TS = '^{"symbol":"([A-Za-z0-9%._:/%-]+)","ts":()%d+()' .. TAIL
local WITHOUT_TS = '^{"symbol":"([A-Za-z0-9%._:/%-]+)"' .. TAIL

-- whether the number of arg at [a, c) (its whole part ending at b) is plain JSON with at most d
-- places and 15 digits (exact in units), and not zero when positive
local function plain(arg, a, b, c, d, positive)
  if c - a > 16 then return false end
  if b < c and (c - b - 1 < 1 or c - b - 1 > d) then return false end
  if arg:byte(a) ~= 48 then return true end -- a first digit other than 0: plain, and not zero
  if b - a > 1 then return false end        -- a leading zero
  if not positive then return true end
  local nz = arg:find('[1-9]', a)
  return nz ~= nil and nz < c
end

-- the units of the number of arg at [a, c), at d places (plain() passed it)
local function units_at(arg, a, c, d)
  return math.floor(tonumber(arg:sub(a, c - 1)) * P10[d] + 0.5)
end

-- whether the number of arg at [a, c) is less than the one at [x, z), both plain with whole parts
-- of one length: as text when they have the same places, else by value
local function less(arg, a, c, x, z, d)
  if c - a == z - x then return arg:sub(a, c - 1) < arg:sub(x, z - 1) end
  return units_at(arg, a, c, d) < units_at(arg, x, z, d)
end

-- the symbol and whether the quote carries its ts, when arg is a valid quote in the plain form; else nil
local function fast_quote(arg, cache)
  local has_ts = true
  local sym, t1, t2, b1, b2, b3, a1, a2, a3, l1, l2, l3, s1, s2, s3, z1, z2, z3, x1, x2, x3, v1, v2, v3, o1, o2, o3 =
      arg:match(WITH_TS)
  if sym == nil then
    has_ts = false
    sym, b1, b2, b3, a1, a2, a3, l1, l2, l3, s1, s2, s3, z1, z2, z3, x1, x2, x3, v1, v2, v3, o1, o2, o3 =
        arg:match(WITHOUT_TS)
    if sym == nil then return nil end
  elseif t2 - t1 > 16 or arg:byte(t1) == 48 or (t2 - t1 == 16 and arg:sub(t1, t2 - 1) > '9007199254740991') then
    return nil
  end
  if #sym > 32 then return nil end
  local p = cache[sym]
  if p == nil then p = precision(sym, cache) end
  if not p then return nil end
  local pd, sd = p.pd, p.sd
  if not (plain(arg, b1, b2, b3, pd, true) and plain(arg, a1, a2, a3, pd, true) and plain(arg, l1, l2, l3, pd, true)
      and plain(arg, o1, o2, o3, pd, true) and plain(arg, s1, s2, s3, sd, true) and plain(arg, z1, z2, z3, sd, true)
      and plain(arg, x1, x2, x3, sd, true) and plain(arg, v1, v2, v3, sd, false)) then
    return nil
  end
  local tick = p.tick
  if tick > 1 then
    local bid = units_at(arg, b1, b3, pd)
    if bid >= units_at(arg, a1, a3, pd) or bid % tick ~= 0 or units_at(arg, a1, a3, pd) % tick ~= 0
        or units_at(arg, l1, l3, pd) % tick ~= 0 or units_at(arg, o1, o3, pd) % tick ~= 0 then
      return nil
    end
  elseif b2 - b1 > a2 - a1 or (b2 - b1 == a2 - a1 and not less(arg, b1, b3, a1, a3, pd)) then
    return nil -- bid >= ask: a longer whole part is larger (no leading zeros), else the digits decide
  end
  return sym, has_ts
end

-- nil when ok, else the reason; u receives the units
local function price_error(q, f, p, u)
  local x = q[f]
  if x == nil then return 'missing ' .. f end
  if type(x) ~= 'number' then return f .. ' is not a number' end
  if not (x > 0 and x < math.huge) then return f .. ' must be > 0' end
  local units = exact_units(x, p.pd)
  if units == nil or units < 1 then
    return f .. ' ' .. num_text(x) .. ' has more than ' .. p.pd .. ' decimal' .. (p.pd == 1 and '' or 's')
  end
  if units % p.tick ~= 0 then
    return f .. ' ' .. num_text(x) .. ' is not a multiple of the tick ' .. fixed(p.tick, p.pd, true)
  end
  u[f] = units
end

local function size_error(q, f, p, min, u)
  local x = q[f]
  if x == nil then return 'missing ' .. f end
  if type(x) ~= 'number' then return f .. ' is not a number' end
  if not (x >= 0 and x < math.huge) or (min > 0 and x == 0) then
    return f .. (min > 0 and ' must be > 0' or ' must be >= 0')
  end
  local units = exact_units(x, p.sd)
  if units == nil or units < min then
    return f .. ' ' .. num_text(x) .. (p.sd == 0 and ' is not a whole number'
        or ' is finer than ' .. fixed(1, p.sd, false))
  end
  u[f] = units
end

-- nil when ok, else the reason (and the symbol, for the message); then the symbol, the quote in the
-- plain form, and whether it carries its ts
local function check_quote(arg, cache)
  local ok, q = pcall(cjson.decode, arg)
  if not ok then return 'not valid JSON' end
  if type(q) ~= 'table' or q[1] ~= nil then return 'not a JSON object' end
  local sym = q.symbol
  local name = type(sym) == 'string' and sym:sub(1, 32):gsub('[^A-Za-z0-9%._:/%-]', '?') or '?'
  if sym == nil then return 'missing symbol', name end
  if not valid_symbol(sym) then return 'symbol must match [A-Za-z0-9._:/-]{1,32}', name end
  if q.seq ~= nil then return 'seq must be left out: tickwire_publish stamps it', name end
  if q.ts ~= nil and not is_int(q.ts, 1) then return 'ts must be an integer > 0 and < 2^53 (epoch microseconds)', name end
  local p = precision(sym, cache)
  if not p then return 'unknown symbol (define it with tickwire_define)', name end
  local u = {}
  for _, f in ipairs(PRICES) do
    local e = price_error(q, f, p, u)
    if e then return e, name end
  end
  if u.bid >= u.ask then return 'bid must be < ask', name end
  for _, f in ipairs(SIZES) do
    local e = size_error(q, f, p, 1, u)
    if e then return e, name end
  end
  local e = size_error(q, 'volume', p, 0, u)
  if e then return e, name end
  -- Written again in the plain form, so the stream holds no other.
  local json = '{"symbol":"' .. sym .. '"' .. (q.ts and string.format(',"ts":%d', q.ts) or '') .. ',"bid":'
      .. fixed(u.bid, p.pd) .. ',"ask":' .. fixed(u.ask, p.pd) .. ',"last":' .. fixed(u.last, p.pd)
      .. ',"bidSize":' .. fixed(u.bidSize, p.sd, true) .. ',"askSize":' .. fixed(u.askSize, p.sd, true)
      .. ',"lastSize":' .. fixed(u.lastSize, p.sd, true) .. ',"volume":' .. fixed(u.volume, p.sd, true)
      .. ',"open":' .. fixed(u.open, p.pd) .. '}'
  return nil, sym, json, q.ts ~= nil
end

local function publish(keys, args)
  local n = #args
  if n == 0 then return redis.error_reply('BADQUOTE tickwire_publish needs at least one quote JSON argument') end
  if n > MAX_CALL then
    return redis.error_reply(string.format('BADQUOTE at most %d quotes a call, not %d', MAX_CALL, n))
  end
  -- quotes: the args, until one takes the decoding path and is written again (then a copy)
  local quotes, symbols, no_ts, cache = args, {}, {}, {}
  for i = 1, n do
    local arg = args[i]
    local sym, has_ts = fast_quote(arg, cache)
    if sym == nil then
      local err, name, json
      err, name, json, has_ts = check_quote(arg, cache)
      if err then return redis.error_reply(string.format('BADQUOTE quote %d (%s): %s', i, name or '?', err)) end
      if quotes == args then
        quotes = {}
        for k = 1, n do quotes[k] = args[k] end
      end
      quotes[i], sym = json, name
    end
    symbols[i] = sym
    if not has_ts then no_ts[i] = true end
  end
  local maxlen, bad = max_len()
  if not maxlen then return redis.error_reply('ERR ' .. CONFIG .. ' stream-max-len is not an integer >= 1: ' .. bad) end

  -- Every check above comes before the first write: a failure leaves nothing behind.
  local first, prev, now = next_seq(n)
  if not first then return redis.error_reply(string.format('ERR seq would reach 2^53 (last seq %d)', prev)) end
  local last = first + n - 1
  local now_text = string.format('%d', now)
  redis.call('XADD', STREAM, 'MAXLEN', '~', string.format('%d', math.ceil(maxlen / n)), string.format('%d-0', last),
    'prev', string.format('%d', prev), 'seq', string.format('%d', first), 'ts', now_text,
    'q', '[' .. table.concat(quotes, ',') .. ']')
  -- Each symbol's last quote of the call is its latest, written once, with its seq (and ts).
  local last_of, order = {}, {}
  for i = 1, n do
    local sym = symbols[i]
    if last_of[sym] == nil then order[#order + 1] = sym end
    last_of[sym] = i
  end
  local latest = {}
  for _, sym in ipairs(order) do
    local i = last_of[sym]
    latest[#latest + 1] = sym
    latest[#latest + 1] = string.format('{"type":"quote","seq":%d,', first + i - 1)
        .. (no_ts[i] and '"ts":' .. now_text .. ',' or '') .. quotes[i]:sub(2)
    if #latest >= 1000 then -- HSET in chunks: unpack() has a stack limit of ~8000 values
      redis.call('HSET', LATEST, unpack(latest))
      latest = {}
    end
  end
  if #latest > 0 then redis.call('HSET', LATEST, unpack(latest)) end
  redis.call('SET', SEQ, string.format('%d', last))
  redis.call('HINCRBY', STATS, 'quotes', n)
  redis.call('HINCRBY', STATS, 'calls', 1)
  local seqs = {}
  for i = 1, n do seqs[i] = first + i - 1 end
  return seqs
end

----------------------------------------------------------------------------------------------------
-- Instruments

-- nil when ok, else the reason (and the symbol); then the instrument's JSON
local function check_instrument(arg)
  local ok, i = pcall(cjson.decode, arg)
  if not ok then return 'not valid JSON' end
  if type(i) ~= 'table' or i[1] ~= nil then return 'not a JSON object' end
  local sym = i.symbol
  local label = type(sym) == 'string' and sym:sub(1, 32):gsub('[^A-Za-z0-9%._:/%-]', '?') or '?'
  if sym == nil then return 'missing symbol', label end
  if not valid_symbol(sym) then return 'symbol must match [A-Za-z0-9._:/-]{1,32}', label end
  local name = i.name == nil and sym or i.name
  if type(name) ~= 'string' or #name > 200 or not name:match('%S') then
    return 'name must be a string of 1 to 200 characters', label
  end
  local kind = i.type == nil and 'equity' or i.type
  if type(kind) ~= 'string' or not TYPES[kind] then
    return 'type must be one of equity, etf, fx, crypto, future, index, other', label
  end
  local currency = i.currency == nil and 'USD' or i.currency
  if type(currency) ~= 'string' or #currency > 12 or not currency:match('^[A-Z0-9]+$') then
    return 'currency must be 1 to 12 of A-Z0-9, like USD', label
  end
  local pd, sd = i.priceDecimals, i.sizeDecimals == nil and 0 or i.sizeDecimals
  if pd ~= nil and not (is_int(pd, 0) and pd <= 10) then return 'priceDecimals must be an integer 0..10', label end
  if not (is_int(sd, 0) and sd <= 8) then return 'sizeDecimals must be an integer 0..8', label end
  local tick = i.tickSize
  if tick ~= nil and (type(tick) ~= 'number' or not (tick > 0 and tick < math.huge)) then
    return 'tickSize must be a number > 0', label
  end
  if pd == nil then
    pd = 2
    if tick ~= nil then
      pd = nil
      for d = 0, 10 do
        local u = exact_units(tick, d)
        if u and u >= 1 then pd = d break end
      end
      if pd == nil then return 'tickSize ' .. num_text(tick) .. ' has more than 10 decimals', label end
    end
  end
  local units = tick == nil and 1 or exact_units(tick, pd)
  if units == nil or units < 1 or units > MAX_TICK_UNITS then
    return 'tickSize ' .. num_text(tick) .. ' must be a positive multiple of ' .. fixed(1, pd, false)
        .. ' (priceDecimals ' .. pd .. ')', label
  end
  return nil, label, sym, '{"symbol":"' .. sym .. '","name":' .. cjson.encode(name) .. ',"type":"' .. kind
      .. '","currency":"' .. currency .. '","tickSize":' .. fixed(units, pd, true) .. ',"priceDecimals":'
      .. string.format('%d', pd) .. ',"sizeDecimals":' .. string.format('%d', sd) .. '}'
end

local function define(keys, args)
  local n = #args
  if n == 0 then return redis.error_reply('BADINSTRUMENT tickwire_define needs at least one instrument JSON argument') end
  if n > MAX_CALL then
    return redis.error_reply(string.format('BADINSTRUMENT at most %d instruments a call, not %d', MAX_CALL, n))
  end
  local flat, jsons = {}, {}
  for k, arg in ipairs(args) do
    local err, label, sym, json = check_instrument(arg)
    if err then return redis.error_reply(string.format('BADINSTRUMENT instrument %d (%s): %s', k, label, err)) end
    flat[#flat + 1] = sym
    flat[#flat + 1] = json
    jsons[k] = json
  end
  local maxlen, bad = max_len()
  if not maxlen then return redis.error_reply('ERR ' .. CONFIG .. ' stream-max-len is not an integer >= 1: ' .. bad) end
  local seq, prev = next_seq(1)
  if not seq then return redis.error_reply(string.format('ERR seq would reach 2^53 (last seq %d)', prev)) end
  for k = 1, #flat, 1000 do
    redis.call('HSET', INSTRUMENTS, unpack(flat, k, math.min(k + 999, #flat)))
  end
  redis.call('XADD', STREAM, 'MAXLEN', '~', string.format('%d', maxlen), string.format('%d-0', seq),
    'prev', string.format('%d', prev), 'i', '[' .. table.concat(jsons, ',') .. ']')
  redis.call('SET', SEQ, string.format('%d', seq))
  return n
end

----------------------------------------------------------------------------------------------------

local function snapshot(keys, args)
  local last = redis.call('XREVRANGE', STREAM, '+', '-', 'COUNT', 1)
  local position = last[1] and tonumber(last[1][1]:match('^(%d+)')) or tonumber(redis.call('GET', SEQ) or '0') or 0
  return {position, redis.call('HGETALL', SYMBOLS), redis.call('HVALS', LATEST), redis.call('HVALS', INSTRUMENTS)}
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
redis.register_function('tickwire_define', define)
redis.register_function{function_name = 'tickwire_snapshot', callback = snapshot, flags = {'no-writes'}}
redis.register_function('tickwire_configure', configure)
