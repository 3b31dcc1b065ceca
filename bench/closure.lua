-- a closure counter called 1M times
local function make_counter(n)
  return function()
    n = n + 1
    return n
  end
end
local counter = make_counter(0)
local i = 0
local last = 0
while i < 1000000 do
  last = counter()
  i = i + 1
end
print(last)
