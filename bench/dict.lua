-- dict: 100k string keys added, all read back, half removed (a table keeps no count: kept by hand)
local d = {}
local count = 0
local i = 0
while i < 100000 do
  local k = "k" .. tostring(i)
  if d[k] == nil then count = count + 1 end
  d[k] = i
  i = i + 1
end
local total = 0
i = 0
while i < 100000 do
  total = total + d["k" .. tostring(i)]
  i = i + 1
end
i = 0
while i < 100000 do
  local k = "k" .. tostring(i)
  if d[k] ~= nil then count = count - 1 end
  d[k] = nil
  i = i + 2
end
print(count .. " " .. total)
