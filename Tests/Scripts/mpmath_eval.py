#!/usr/bin/env python3
"""High-precision closed forms for Tests/ClausiusSteadyStateTests/ExactLangevinNetworkTests.swift (mpmath, 30 digits).

expr = "c1": first-order coefficient of <a^dag a> = nbar(w0) + c1 kappa + O(kappa^2 ln kappa) for one mode with a
flat rotating-wave bath whose thermal band starts at nu_IR (docs/exact-langevin.md Eq. 16):
  c1 = -nbar(w0)/(2 pi d) + (1/2pi)[ int_{nu_IR}^{w0+d} (nbar(v) - nbar(w0) - nbar'(w0)(v-w0))/(v-w0)^2 dv
                                     + int_{w0+d}^inf (nbar(v) - nbar(w0))/(v-w0)^2 dv ],  d = w0 - nu_IR.
"""
import json
import sys

from mpmath import diff, expm1, inf, mp, mpf, pi, quad

mp.dps = 30
p = json.load(sys.stdin)
if p["expr"] == "c1":
    w0, T, nu = mpf(p["w0"]), mpf(p["T"]), mpf(p["nuIR"])
    nb = lambda v: 1 / expm1(v / T)
    n0, n1 = nb(w0), diff(nb, w0)
    d = w0 - nu
    # Gauss–Legendre: tanh–sinh would sample v so close to w0 that the cancelling numerator loses all digits.
    inner = quad(lambda v: (nb(v) - n0 - n1 * (v - w0)) / (v - w0) ** 2, [nu, w0, w0 + d], method="gauss-legendre")
    outer = quad(lambda v: (nb(v) - n0) / (v - w0) ** 2, [w0 + d, inf])
    print(json.dumps({"value": float(-n0 / (2 * pi * d) + (inner + outer) / (2 * pi))}))
