"""The SQLite ceiling: one-row INSERTs committed one by one, with the server's durability
settings (WAL, synchronous=FULL, busy timeout), from N threads for D seconds. Prints rows/s."""
import sqlite3, sys, threading, time, uuid, os

path, threads, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
setup = sqlite3.connect(path)
setup.execute("PRAGMA journal_mode=WAL")
setup.execute("CREATE TABLE IF NOT EXISTS bench_insert (id BLOB PRIMARY KEY, client_id BLOB, recorded_at TEXT, mood INTEGER, created_at TEXT)")
setup.commit()
count = [0] * threads
stop = time.monotonic() + seconds

def work(i):
    con = sqlite3.connect(path, timeout=60, isolation_level=None)
    con.execute("PRAGMA synchronous=FULL")
    con.execute("PRAGMA foreign_keys=ON")
    client = uuid.uuid4().bytes
    while time.monotonic() < stop:
        con.execute("BEGIN IMMEDIATE")
        con.execute("INSERT INTO bench_insert VALUES (?, ?, '2026-11-01T10:00:00+00:00', 5, '2026-11-01T10:00:00+00:00')", (uuid.uuid4().bytes, client))
        con.execute("COMMIT")
        count[i] += 1

ts = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
[t.start() for t in ts]; [t.join() for t in ts]
print(f"{sum(count) / seconds:.0f}")
