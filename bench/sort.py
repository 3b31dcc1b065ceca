# build a 100k-element list with append (values from a small exact LCG), then sort it
values = []
x = 1
i = 0
while i < 100000:
    x = (x * 75 + 74) % 65537
    values.append(x)
    i = i + 1
ordered = sorted(values)
print(len(ordered), ordered[0], ordered[50000], ordered[99999])
