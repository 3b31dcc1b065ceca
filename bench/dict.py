# dict: 100k string keys added, all read back, half removed
d = {}
i = 0
while i < 100000:
    d["k" + str(i)] = i
    i = i + 1
total = 0
i = 0
while i < 100000:
    total = total + d["k" + str(i)]
    i = i + 1
i = 0
while i < 100000:
    d.pop("k" + str(i), None)
    i = i + 2
print(str(len(d)) + " " + str(total))
