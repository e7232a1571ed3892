"""Shared by the workload scripts: command-line arguments and the result line.

Every script times its own work with ``time.perf_counter`` (imports, interpreter start-up and
worker start-up are outside the timed region) and prints exactly one line::

    RESULT {"workload": ..., "variant": ..., "size": ..., "seconds": ..., "ok": ..., "value": ...}

``cpu_seconds`` (GIL workload only) is the process's CPU time over the timed region, all threads
together: divided by ``seconds`` it is the number of cores kept busy, which the GIL caps at one.
``ok`` says the workload's own check passed (results in order, exact counts, a plausible mean);
``size`` is the problem size, formatted exactly as the Rust side formats it, so the compare
command can refuse to put unequal workloads side by side.
"""

import argparse
import json

WORKERS = 2  # the notebook's Pool(2)


def parse_args(doc, variants):
    parser = argparse.ArgumentParser(description=doc)
    parser.add_argument("--variant", choices=variants, required=True)
    parser.add_argument("--quick", action="store_true", help="tiny sizes (used by cargo test)")
    return parser.parse_args()


def emit(workload, variant, size, seconds, ok, value=None, cpu_seconds=None):
    line = {
        "workload": workload,
        "variant": variant,
        "size": size,
        "seconds": seconds,
        "ok": bool(ok),
        "value": None if value is None else float(value),
    }
    if cpu_seconds is not None:
        line["cpu_seconds"] = cpu_seconds
    print("RESULT " + json.dumps(line), flush=True)
