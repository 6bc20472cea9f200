#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Solve an MPS file with HiGHS (pip install highspy) and print one line:

    status=<HiGHS model status> objective=<value> seconds=<read + solve wall time>

Used by .ci/bench/run.sh on the MPS that `knelpunt export` writes. Usage:

    python3 .ci/bench/highs_solve.py FILE.mps [TIME_LIMIT_SECONDS]
"""
import sys
import time

import highspy


def main() -> int:
    if len(sys.argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 64
    path = sys.argv[1]
    start = time.perf_counter()
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    if len(sys.argv) == 3:
        highs.setOptionValue("time_limit", float(sys.argv[2]))
    if highs.readModel(path) != highspy.HighsStatus.kOk:
        print(f"status=read-error objective=nan seconds={time.perf_counter() - start:.3f}")
        return 65
    highs.run()
    status = highs.modelStatusToString(highs.getModelStatus())
    objective = highs.getInfo().objective_function_value
    print(f"status={status.replace(' ', '-')} objective={objective:.12e} seconds={time.perf_counter() - start:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
