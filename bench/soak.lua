-- bench/soak.lua: the request mix of bench/soak.mjs for wrk. Arguments (after --): an API token
-- (read_write), the lowest and highest member id, the committee of the digest items, and the
-- pause in ms each connection takes between its requests (0: none; wrk's delay()).
-- Of every ten requests: 3 reads of one member, 2 pages of the member list, 2 pages of
-- proposals, 1 /health, 1 member changed (PATCH, with its audit entry), 1 digest item entered.
local token, lo, hi, committee, pause
local n = 0

function init(args)
  token, lo, hi = args[1], tonumber(args[2]), tonumber(args[3])
  committee, pause = args[4], tonumber(args[5])
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
end

function delay()
  return pause
end

local function headers(json)
  local h = { ["Authorization"] = "Bearer " .. token }
  if json then h["Content-Type"] = "application/json" end
  return h
end

function request()
  n = n + 1
  local k = n % 10
  local id = math.random(lo, hi)
  if k == 0 then
    return wrk.format("PATCH", "/api/v1/members/" .. id, headers(true),
      '{"occupation":"压力测试 ' .. n .. '"}')
  elseif k == 5 then
    return wrk.format("POST", "/api/v1/digests/items", headers(true),
      '{"committee_id":' .. committee .. ',"title":"压力测试条目","text":"网民反映小区供暖温度不达标，希望尽快解决。' .. n ..
      '","source":"压力测试"}')
  elseif k <= 3 then
    return wrk.format("GET", "/api/v1/members/" .. id, headers(false))
  elseif k == 4 or k == 6 then
    return wrk.format("GET", "/api/v1/members?limit=20&cursor=" .. id, headers(false))
  elseif k == 7 or k == 8 then
    return wrk.format("GET", "/api/v1/proposals?limit=20", headers(false))
  end
  return wrk.format("GET", "/api/v1/health", headers(false))
end
