"""4 x fib(27): sequential, threading (GIL), multiprocessing. argv[1] = mode."""
import sys
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "seq":
        print(sum(fib(27) for _ in range(4)))
    else:
        pool_type = ThreadPoolExecutor if mode == "threads" else ProcessPoolExecutor
        with pool_type(max_workers=4) as pool:
            print(sum(pool.map(fib, [27] * 4)))
