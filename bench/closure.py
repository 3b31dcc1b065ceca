# a closure counter called 1M times
def make_counter(n):
    def counter():
        nonlocal n
        n = n + 1
        return n
    return counter

counter = make_counter(0)
i = 0
last = 0
while i < 1000000:
    last = counter()
    i = i + 1
print(last)
