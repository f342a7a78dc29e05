#!/usr/bin/env python3
"""What tickwire_publish costs Redis per quote, without Java in the way.

Loads LIBRARY into a SCRATCH redis-server (it runs FLUSHALL first: never point it at a real one),
announces 100 symbols, then sends FCALL tickwire_publish with BATCH canonical quotes per call,
4 calls in flight, until TOTAL quotes; prints quotes/s and redis-server CPU per quote (from
/proc/REDIS_PID/stat). Compare two libraries (e.g. git show main:ops/redis/tickwire.lua > old.lua)
in turns on the same server:

  taskset -c 1 redis-server --port 31400 --save '' --appendonly no &
  taskset -c 0 python3 function-cost.py 31400 ops/redis/tickwire.lua 500 200000 $(pgrep -n redis-server)
"""
import os
import socket
import sys
import time

port, library, batch, total = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
pid = int(sys.argv[5]) if len(sys.argv) > 5 else None
sock = socket.create_connection(('127.0.0.1', port))
replies = sock.makefile('rb')


def encode(*args):
    out = [b'*%d\r\n' % len(args)]
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        out += [b'$%d\r\n' % len(a), a, b'\r\n']
    return b''.join(out)


def read():
    line = replies.readline()
    kind = line[:1]
    if kind == b'-':
        raise RuntimeError(line.decode().strip())
    if kind == b'$' and int(line[1:]) >= 0:
        replies.read(int(line[1:]) + 2)
    if kind == b'*':
        for _ in range(int(line[1:])):
            read()
    return line


def call(*args):
    sock.sendall(encode(*args))
    return read()


def cpu_seconds():
    if not pid:
        return 0.0
    fields = open('/proc/%d/stat' % pid).read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')


call('FLUSHALL')
call('FUNCTION', 'LOAD', 'REPLACE', open(library, 'rb').read())
symbols = ['S%03d' % i for i in range(100)]
call('HSET', 'tickwire:symbols', *[x for s in symbols for x in (s, s)])
quotes = ['{"symbol":"%s","ts":%d,"bid":99.98,"ask":100.01,"last":99.99,"bidSize":100,"askSize":200,'
          '"lastSize":100,"volume":%d,"open":100.00}' % (symbols[i % 100], 1796105417722311 + i, 500 + i)
          for i in range(batch)]
request = encode('FCALL', 'tickwire_publish', '0', *quotes)
calls, sent, done = total // batch, 0, 0
cpu0, t0 = cpu_seconds(), time.time()
while done < calls:
    while sent < calls and sent - done < 4:
        sock.sendall(request)
        sent += 1
    read()
    done += 1
wall, cpu = time.time() - t0, cpu_seconds() - cpu0
print('%s: %d quotes in calls of %d: %.0f quotes/s, redis-server %.2f us/quote'
      % (library, calls * batch, batch, calls * batch / wall, cpu * 1e6 / (calls * batch)))
