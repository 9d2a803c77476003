# gdb_bench — the gdb-driven scenarios, run inside gdb-multiarch's Python by
# bench/run:  gdb-multiarch -batch -nx -x gdb_bench.py  with the environment
#   BENCH_SCENARIO  stepi | next | cond | watch | swwatch | attach | start
#   BENCH_TARGET    what follows `target remote` (127.0.0.1:PORT, | STUB - PROG)
#   BENCH_SYSROOT   gdb's sysroot (default /; target: reads files from the stub)
#   BENCH_N         steps / loop iterations / calls / watchpoint hits (not
#                   for attach); swwatch: watch with gdb's software
#                   watchpoints (set can-use-hw-watchpoints 0)
# Prints `us=VALUE`: the time of the measured command(s) divided by N
# (attach: the whole time of `target remote` + `info threads`; start: of
# `target remote`, `break main`, `continue` to main).
import os
import time

import gdb

scenario = os.environ["BENCH_SCENARIO"]
target = os.environ["BENCH_TARGET"]
n = int(os.environ.get("BENCH_N", "1"))


def run(cmd):
    return gdb.execute(cmd, to_string=True)


for setting in ("pagination off", "confirm off",
                "sysroot " + os.environ.get("BENCH_SYSROOT", "/"),
                "debuginfod enabled off", "width 0", "height 0"):
    try:
        run("set " + setting)
    except gdb.error:
        pass  # a gdb without debuginfod

if scenario == "attach":
    t0 = time.perf_counter()
    run("target remote " + target)
    out = run("info threads")
    elapsed = time.perf_counter() - t0
    if out.count("Thread ") < 1000:
        raise gdb.GdbError("info threads shows too few threads")
    run("detach")
    print("us=%.3f" % (elapsed * 1e6))
elif scenario == "start":
    t0 = time.perf_counter()
    run("target remote " + target)
    run("break main")
    run("continue")
    elapsed = time.perf_counter() - t0
    if "main" not in run("frame"):
        raise gdb.GdbError("not stopped in main")
    run("kill")
    print("us=%.3f" % (elapsed * 1e6))
else:
    run("target remote " + target)
    if scenario == "stepi":
        run("break bench_ready")
        run("continue")
        t0 = time.perf_counter()
        run("stepi %d" % n)
    elif scenario == "next":
        run("break oneline")
        run("continue")
        run("next")  # to the line holding the loop
        if "for (i = 0" not in run("frame"):
            raise gdb.GdbError("not at the loop line")
        t0 = time.perf_counter()
        run("next")
    elif scenario == "cond":
        run("break f if 0")
        t0 = time.perf_counter()
        run("continue")
        if gdb.selected_inferior().pid != 0 or int(gdb.parse_and_eval("$_exitcode")) != 0:
            raise gdb.GdbError("the program did not run to its end")
    elif scenario in ("watch", "swwatch"):
        if scenario == "swwatch":
            run("set can-use-hw-watchpoints 0")
        run("break bench_ready")
        run("continue")
        run("delete")
        run("watch bench_counter")
        t0 = time.perf_counter()
        for _ in range(n):
            run("continue")
        if int(gdb.parse_and_eval("bench_counter")) != n:  # bench_ready() wrote first
            raise gdb.GdbError("the watchpoint missed writes")
    else:
        raise gdb.GdbError("unknown scenario " + scenario)
    elapsed = time.perf_counter() - t0
    print("us=%.3f" % (elapsed * 1e6 / n))
    if scenario != "cond":
        run("kill")
