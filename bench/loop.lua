-- a 10M-iteration while loop with a counter and an accumulator
local i = 0
local acc = 0
while i < 10000000 do
  acc = acc + i
  i = i + 1
end
print(acc)
