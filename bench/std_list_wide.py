# std.List beyond map/filter/reduce, the Python way: the same operations over 50,000
# numbers (dict.fromkeys, sorted(key=), slices, zip, Counter, accumulate, bisect, sets, ...).
from bisect import bisect_left
from collections import Counter
from itertools import accumulate

n = 50000
xs = [(i * 7919) % 10007 for i in range(n)]

uniq = list(dict.fromkeys(xs))
by_key = sorted(xs, key=lambda x: -x)
srt = sorted(xs)
chunks = [xs[i:i + 5] for i in range(0, n, 5)]
flat = [x for c in chunks for x in c]
windows = 0
for i in range(n - 2):
    w = xs[i:i + 3]
    windows += w[2]
pairs = list(zip(xs, uniq))
indexed = list(enumerate(uniq))
counts = Counter(xs)
cumul = list(accumulate(uniq))
parts = ([x for x in xs if x < 5000], [x for x in xs if not x < 5000])
columns = [list(c) for c in zip(*chunks)]


def multiset_rest(a, b):
    left = Counter(b)
    rest = []
    for x in a:
        if left[x] > 0:
            left[x] -= 1
        else:
            rest.append(x)
    return rest


head = srt[:20000]
left = Counter(head)
common = []
for x in xs:
    if left[x] > 0:
        left[x] -= 1
        common.append(x)
other = multiset_rest(xs, head) + multiset_rest(head, xs)
inserted = xs[:25000] + [1, 2, 3] + xs[25000:]
rev = xs[::-1]
mm = (min(xs), max(xs))
found = 0
for q in range(0, 10007, 7):
    k = bisect_left(srt, q)
    if k < len(srt) and srt[k] == q:
        found += 1
    found += k
taken = xs[:40000][10000:]
print(len(uniq), by_key[0], srt[-1], len(chunks), len(flat), windows,
      len(pairs), indexed[-1][0], counts[0], cumul[-1],
      len(parts[0]), len(columns), len(common), len(other), len(inserted),
      rev[0], mm[1], found, sum(taken))
