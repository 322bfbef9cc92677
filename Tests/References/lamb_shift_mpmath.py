"""Lamb shift S(w) of a thermal bosonic bath, written without Clausius's code (mpmath, 30 digits).

S(w) = (1/pi) [ P int_0^inf J(x)(n(x)+1)/(w - x) dx + P int_0^inf J(x) n(x)/(w + x) dx ],  S(0) = -(1/pi) int_0^inf J(x)/x dx
(Breuer & Petruccione 2002, Eqs. 3.137-3.139). The principal value is taken by folding the singular point c > 0:
P int_0^{2c} f(x)/(c - x) dx = int_0^c [f(c - u) - f(c + u)]/u du  (u = |x - c|), plus the regular rest int_{2c}^inf.
(Clausius subtracts f(c) instead; this is a different construction.) Tables: J linear between points, 0 outside.
stdin: {"cases": [{"density": {...}, "T": ..., "omegas": [...]}, ...]}; stdout: [[S(w) for w in omegas] per case].
"""
import json, sys
import mpmath as mp

mp.mp.dps = 30


def density(d):
    k = d["kind"]
    if k == "drude":
        l2, c = mp.mpf(d["lambda"]) ** 2, mp.mpf(d["cutoff"])
        return (lambda x: l2 * x * c * c / (x * x + c * c)), [c, 10 * c], None
    if k == "ohmic":
        l2, c, s = mp.mpf(d["lambda"]) ** 2, mp.mpf(d["cutoff"]), mp.mpf(d["exponent"])
        return (lambda x: l2 * x * (x / c) ** (s - 1) * mp.exp(-x / c)), [c, 10 * c], None
    if k == "lorentzian":
        p, w0, w = mp.mpf(d["peak"]), mp.mpf(d["center"]), mp.mpf(d["width"])
        return (lambda x: p * (w / 2) ** 2 / ((x - w0) ** 2 + (w / 2) ** 2)), [w0 - w, w0, w0 + w], None
    if k == "table":
        ws, js = [mp.mpf(v) for v in d["frequencies"]], [mp.mpf(v) for v in d["values"]]

        def f(x):
            if x < ws[0] or x > ws[-1]:
                return mp.mpf(0)
            for i in range(len(ws) - 1):
                if ws[i] <= x <= ws[i + 1]:
                    return js[i] + (x - ws[i]) / (ws[i + 1] - ws[i]) * (js[i + 1] - js[i])
            return mp.mpf(0)
        return f, ws, ws[-1]
    raise ValueError(k)


def lamb(J, pts, top, T, w):
    T = mp.mpf(T); w = mp.mpf(w)
    nbar = (lambda x: 1 / mp.expm1(x / T)) if T > 0 else (lambda x: mp.mpf(0))
    end = top if top is not None else mp.inf

    def quad(f, a, b):
        inner = sorted(set(p for p in pts if a < p < b))
        return mp.quad(f, [a] + inner + [b])

    def pv(f, c):  # P int_0^end f(x)/(c - x) dx
        if c <= 0 or (top is not None and c >= top):
            return quad(lambda x: f(x) / (c - x), 0, end)
        m = min(c, end - c) if top is not None else c          # fold over [c - m, c + m]
        folded = quad(lambda u: (f(c - u) - f(c + u)) / u, 0, m)
        left = quad(lambda x: f(x) / (c - x), 0, c - m) if c - m > 0 else 0
        right = quad(lambda x: f(x) / (c - x), c + m, end) if c + m < end else 0
        return folded + left + right

    if w == 0:
        return -quad(lambda x: J(x) / x, 0, end) / mp.pi
    em = pv(lambda x: J(x) * (nbar(x) + 1), w)
    ab = pv(lambda x: J(x) * nbar(x), -w) if T > 0 else 0
    return (em - ab) / mp.pi


spec = json.load(sys.stdin)
out = []
for case in spec["cases"]:
    J, pts, top = density(case["density"])
    out.append([float(lamb(J, pts, top, case["T"], w)) for w in case["omegas"]])
json.dump(out, sys.stdout)
