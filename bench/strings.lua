-- string building: 100k appends of a short string, then its length
local s = ""
local i = 0
while i < 100000 do
  s = s .. "ab"
  i = i + 1
end
print(#s)
