import threading

count = 0

def one():
    return 1

def bump():
    global count
    for _ in range(1_000_000):
        count = count + one()   # read count, call one(), write count: a switch can fall in between

threads = [threading.Thread(target=bump) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(f"{count:,} of {4 * 1_000_000:,}")
