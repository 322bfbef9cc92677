#!/usr/bin/env python3
"""Writes the issue-15 benchmark chain as a Clausius model file (TOML).

N modes, ω_i from 0.8 to 1.2 linearly (ω_i = 0.8 + 0.4 i/(N−1)), nearest-neighbour hopping
ε (a_i†a_{i+1} + h.c.) with ε = 0.1, flat baths J(ω) = κ = 0.02 through x on the end modes at
T = 1 (mode 0) and T = 0.5 (mode N−1).

Usage: chain_model.py N [--equations local global] [--covariance] > chain.toml
"""
import argparse


def chain_toml(n, equations=("global",), covariance=False, epsilon=0.1, kappa=0.02, t_first=1.0, t_last=0.5):
    out = [f'title = "{n}-mode chain (issue 15 benchmark)"', "", "[units]", 'frequency = "natural"', ""]
    for i in range(n):
        w = 0.8 + 0.4 * i / (n - 1) if n > 1 else 1.0
        out += ["[[modes]]", f"frequency = {w!r}"]
    for i in range(n - 1):
        out += ["[[couplings]]", 'kind = "hopping"', f"modes = [{i}, {i + 1}]", f"strength = {epsilon!r}"]
    for name, mode, t in (("first", 0, t_first), ("last", n - 1, t_last)):
        out += ["[[baths]]", f'name = "{name}"', f"mode = {mode}", 'spectral_density = "flat"', f"rate = {kappa!r}",
                f"temperature = {t!r}"]
    out += ["", "[solve]", "equations = [" + ", ".join(f'"{e}"' for e in equations) + "]"]
    if covariance:
        out += ["", "[output]", "covariance = true"]
    return "\n".join(out) + "\n"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("n", type=int)
    p.add_argument("--equations", nargs="+", default=["global"])
    p.add_argument("--covariance", action="store_true")
    a = p.parse_args()
    if a.n < 2:
        p.error("N must be ≥ 2")
    print(chain_toml(a.n, a.equations, a.covariance), end="")


if __name__ == "__main__":
    main()
