"""SciPy peer for the Lyapunov benchmarks: solve_continuous_lyapunov on the same files Clausius reads.

scipy.linalg.solve_continuous_lyapunov(a, q) solves A X + X A^H = Q, so it is given -Q for
A X + X A^T + Q = 0 (Clausius's form).
"""
import time

import numpy as np
import scipy.linalg


def read(path, n):
    return np.fromfile(path, dtype=np.float64).reshape((n, n), order="F")


def solve(a, q):
    return scipy.linalg.solve_continuous_lyapunov(a, -q)


def time_single(directory, n, repeats):
    a, q = read(f"{directory}/A_{n}.bin", n), read(f"{directory}/Q_{n}_0.bin", n)
    best, x = float("inf"), None
    for _ in range(repeats):
        t0 = time.perf_counter()
        x = solve(a, q)
        best = min(best, time.perf_counter() - t0)
    residual = np.linalg.norm(a @ x + x @ a.T + q) / np.linalg.norm(q)
    return best, x, residual


def time_sweep(directory, n, count):
    a = read(f"{directory}/A_{n}.bin", n)
    qs = [read(f"{directory}/Q_{n}_{k}.bin", n) for k in range(count)]
    t0 = time.perf_counter()
    xs = [solve(a, q) for q in qs]
    return time.perf_counter() - t0, xs
