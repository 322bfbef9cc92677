"""Independent reference for `evolve` of paper 000's SME with time-dependent bath temperatures
(Families/Optomechanical/OptomechanicalDrivenEvolution.swift), built by QuTiP 5 and integrated by mesolve with
time-dependent collapse operators:
H = w_c a†a + w_m b†b - g a†a (b + b†); c_ops sqrt(k_x (1 + n_x(t))) A_x, sqrt(k_x n_x(t)) A_x† (A = a, b; flat baths, paper
000 Eqs. 7-8), n_x(t) = 1/(exp(w_x/T_x(t)) - 1), T_x(t) = value + amplitude sin(frequency t + phase).
Heat J_x(t) = sum_k rate_k(t) <A_k† H A_k - 1/2 {A_k†A_k, H}> over the jumps of bath x (Eq. 26).
stdin: JSON {wc, wm, g, kc, km, Tc: [v, a, w, phi], Tm: [v, a, w, phi], Nc, Nm, fock: [nc, nm], times};
stdout: JSON {nc, nm, Jc, Jm, E}.
"""
import json, sys
import numpy as np
import qutip as qt

p = json.load(sys.stdin)
Nc, Nm = p["Nc"], p["Nm"]
a = qt.tensor(qt.destroy(Nc), qt.qeye(Nm))
b = qt.tensor(qt.qeye(Nc), qt.destroy(Nm))
H = p["wc"] * a.dag() * a + p["wm"] * b.dag() * b - p["g"] * a.dag() * a * (b + b.dag())
T = lambda q: (lambda t: q[0] + q[1] * np.sin(q[2] * t + q[3]))
Tc, Tm = T(p["Tc"]), T(p["Tm"])
nb = lambda w, temp: 1.0 / np.expm1(w / temp)
rates = {
    "optical": [(a, lambda t: p["kc"] * (1 + nb(p["wc"], Tc(t)))), (a.dag(), lambda t: p["kc"] * nb(p["wc"], Tc(t)))],
    "mechanical": [(b, lambda t: p["km"] * (1 + nb(p["wm"], Tm(t)))), (b.dag(), lambda t: p["km"] * nb(p["wm"], Tm(t)))],
}
c_ops = [qt.QobjEvo([A, (lambda f: (lambda t: np.sqrt(f(t))))(f)]) for jumps in rates.values() for A, f in jumps]
rho0 = qt.tensor(qt.fock_dm(Nc, p["fock"][0]), qt.fock_dm(Nm, p["fock"][1]))
res = qt.mesolve(H, rho0, p["times"], c_ops=c_ops, options={"atol": 1e-13, "rtol": 1e-12, "nsteps": 10 ** 6, "method": "adams"})
out = {k: [] for k in ["nc", "nm", "Jc", "Jm", "E"]}
for t, rho in zip(p["times"], res.states):
    out["nc"].append(qt.expect(a.dag() * a, rho)); out["nm"].append(qt.expect(b.dag() * b, rho)); out["E"].append(qt.expect(H, rho))
    for key, name in (("Jc", "optical"), ("Jm", "mechanical")):
        out[key].append(sum(f(t) * qt.expect(A.dag() * H * A - 0.5 * (A.dag() * A * H + H * A.dag() * A), rho) for A, f in rates[name]))
json.dump(out, sys.stdout)
