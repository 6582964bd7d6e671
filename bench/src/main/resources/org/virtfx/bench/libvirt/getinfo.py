# The same loop as GetInfoBench, through Debian's python3-libvirt: CALLS virDomainGetInfo calls
# on libvirt's test:///default domain after a warm-up, ROUNDS times; prints the median ns per call.
import statistics
import sys
import time

import libvirt

calls, rounds = int(sys.argv[1]), int(sys.argv[2])
conn = libvirt.open("test:///default")
dom = conn.lookupByName("test")
for _ in range(calls):
    dom.info()
results = []
for _ in range(rounds):
    start = time.perf_counter_ns()
    for _ in range(calls):
        dom.info()
    results.append((time.perf_counter_ns() - start) / calls)
print(statistics.median(results))
