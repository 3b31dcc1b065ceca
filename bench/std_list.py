# std.List over 100,000 elements: map, filter, reduce, then sort
from functools import reduce
xs = [(i * 7919) % 100003 for i in range(100000)]
doubled = list(map(lambda x: 2 * x, xs))
evens = list(filter(lambda x: x % 4 == 0, doubled))
total = reduce(lambda a, b: a + b, evens)
s = sorted(evens)
print(f"{len(evens)} {total} {s[0]} {s[-1]}")
