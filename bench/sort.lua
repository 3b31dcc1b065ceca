-- build a 100k-element list by appending (values from a small exact LCG), then sort it
local values = {}
local x = 1
local i = 0
while i < 100000 do
  x = (x * 75 + 74) % 65537
  values[#values + 1] = x
  i = i + 1
end
table.sort(values)
print(#values .. " " .. values[1] .. " " .. values[50001] .. " " .. values[100000])
