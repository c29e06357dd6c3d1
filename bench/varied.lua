-- wrk script for bench/board: every request asks for a different page, so
-- the server's cache of recent board pages rarely helps. The mode comes
-- from the KITH_VARY environment variable: "search", "board", "profile"
-- (a member's profile at random) or "need" (a need at random); KITH_COUNT
-- says how many members or needs there are.
local mode = os.getenv("KITH_VARY") or "search"
local words = {
  "clinic", "sofa", "dog", "lift", "shelf", "garden", "cat", "phone", "tap", "station",
  "shopping", "parcel", "prescription", "lawn", "leaves", "vet", "school", "homework", "tea", "walk",
  "printer", "ladder", "letter", "bins", "boxes", "loft", "light", "apple", "allotment", "form",
}
local counter = 0
local today = os.time()

local count = tonumber(os.getenv("KITH_COUNT") or "1000")
math.randomseed(os.time())

request = function()
  counter = counter + 1
  if mode == "profile" then
    return wrk.format("GET", "/people/" .. math.random(1, count))
  end
  if mode == "need" then
    return wrk.format("GET", "/needs/" .. math.random(1, count))
  end
  if mode == "search" then
    local word = words[(counter % #words) + 1]
    local page = (math.floor(counter / #words) % 50) + 1
    return wrk.format("GET", "/needs?q=" .. word .. "&page=" .. page)
  end
  local day = os.date("!%Y-%m-%d", today + (counter % 60) * 86400)
  return wrk.format("GET", "/needs?after=" .. day .. "~" .. ((counter * 7919) % 100000))
end
