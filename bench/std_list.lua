-- std.List over 100,000 elements: map, filter, reduce, then sort
local xs = {}
for i = 0, 99999 do xs[#xs + 1] = (i * 7919) % 100003 end
local doubled = {}
for _, x in ipairs(xs) do doubled[#doubled + 1] = 2 * x end
local evens = {}
for _, x in ipairs(doubled) do if x % 4 == 0 then evens[#evens + 1] = x end end
local total = 0
for _, x in ipairs(evens) do total = total + x end
table.sort(evens)
print(string.format("%d %d %d %d", #evens, total, evens[1], evens[#evens]))
