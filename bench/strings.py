# string building: 100k appends of a short string, then its length
s = ""
i = 0
while i < 100000:
    s = s + "ab"
    i = i + 1
print(len(s))
