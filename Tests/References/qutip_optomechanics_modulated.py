"""Independent reference for `evolve` of paper 000's SME with time-dependent bath temperatures
(Families/Optomechanical/OptomechanicalDrivenEvolution.swift), built by QuTiP 5 and integrated by mesolve with
time-dependent collapse operators:
H = w_c a†a + w_m b†b - g a†a (b + b†); c_ops sqrt(k_x (1 + n_x(t))) A_x, sqrt(k_x n_x(t)) A_x† (A = a, b; flat baths, paper
000 Eqs. 7-8), n_x(t) = 1/(exp(w_x/T_x(t)) - 1), T_x(t) = value + amplitude sin(frequency t + phase).
Heat J_x(t) = sum_k rate_k(t) <A_k† H A_k - 1/2 {A_k†A_k, H}> over the jumps of bath x (Eq. 26).
With g given as [v, a, w, phi] (g(t) = v + a sin(w t + phi)): H(t) = H0 - g(t) a†a (b + b†) as a QobjEvo (H0 the
uncoupled part), heat counted with H(t), local heat Lc, Lm counted with w_c a†a, w_m b†b, E = <H(t)>, and the drive work
rate Wd = g'(t) <-a†a (b + b†)> (= <dH/dt>).
With "equation": "dsme" (constant g): paper 000's DSME (Eqs. 11-14) instead, the mechanical jumps b - alpha n_c,
b† - alpha n_c (alpha = g/w_m) at the rates above and the dephasing 4 k_m T_m(t) alpha^2/w_m D[n_c] (linear in T_m(t)).
Initial state: Fock levels ("fock": [nc, nm]) or a product of truncated coherent states ("coherent": [[re, im], [re, im]],
sum_{n<N} e^{-|a|^2/2} a^n/sqrt(n!) |n>, renormalised); the final density matrix is returned as rho_re, rho_im (rows).
stdin: JSON {wc, wm, g (number or [v, a, w, phi]), kc, km, Tc: [v, a, w, phi], Tm: [v, a, w, phi], Nc, Nm, fock | coherent,
equation (optional), times};
stdout: JSON {nc, nm, Jc, Jm, E, Lc, Lm, Wd, rho_re, rho_im}.
"""
import json, sys
import numpy as np
import qutip as qt

p = json.load(sys.stdin)
Nc, Nm = p["Nc"], p["Nm"]
a = qt.tensor(qt.destroy(Nc), qt.qeye(Nm))
b = qt.tensor(qt.qeye(Nc), qt.destroy(Nm))
T = lambda q: (lambda t: q[0] + q[1] * np.sin(q[2] * t + q[3]))
gq = p["g"] if isinstance(p["g"], list) else [p["g"], 0.0, 0.0, 0.0]
g, dg = T(gq), (lambda t: gq[1] * gq[2] * np.cos(gq[2] * t + gq[3]))
H0, H1 = p["wc"] * a.dag() * a + p["wm"] * b.dag() * b, -a.dag() * a * (b + b.dag())
Ht = lambda t: H0 + g(t) * H1
H = qt.QobjEvo([H0, [H1, lambda t: g(t)]])
local = {"optical": p["wc"] * a.dag() * a, "mechanical": p["wm"] * b.dag() * b}
Tc, Tm = T(p["Tc"]), T(p["Tm"])
nb = lambda w, temp: 1.0 / np.expm1(w / temp)
rates = {
    "optical": [(a, lambda t: p["kc"] * (1 + nb(p["wc"], Tc(t)))), (a.dag(), lambda t: p["kc"] * nb(p["wc"], Tc(t)))],
    "mechanical": [(b, lambda t: p["km"] * (1 + nb(p["wm"], Tm(t)))), (b.dag(), lambda t: p["km"] * nb(p["wm"], Tm(t)))],
}
if p.get("equation") == "dsme":
    assert gq[1] == 0, "the DSME is built at a constant g"
    al, n = gq[0] / p["wm"], a.dag() * a
    rates["mechanical"] = [(b - al * n, rates["mechanical"][0][1]), (b.dag() - al * n, rates["mechanical"][1][1]),
                           (n, lambda t: 4 * p["km"] * Tm(t) * al ** 2 / p["wm"])]
c_ops = [qt.QobjEvo([A, (lambda f: (lambda t: np.sqrt(f(t))))(f)]) for jumps in rates.values() for A, f in jumps]


def coherent(N, z):
    c = np.array([np.exp(-abs(z) ** 2 / 2) * z ** k / np.sqrt(float(np.prod(np.arange(1, k + 1)))) for k in range(N)], complex)
    return qt.Qobj(c / np.linalg.norm(c))


if "coherent" in p:
    zs = [complex(*z) for z in p["coherent"]]
    rho0 = qt.ket2dm(qt.tensor(coherent(Nc, zs[0]), coherent(Nm, zs[1])))
else:
    rho0 = qt.tensor(qt.fock_dm(Nc, p["fock"][0]), qt.fock_dm(Nm, p["fock"][1]))
res = qt.mesolve(H, rho0, p["times"], c_ops=c_ops, options={"atol": 1e-13, "rtol": 1e-12, "nsteps": 10 ** 6, "method": "adams"})
out = {k: [] for k in ["nc", "nm", "Jc", "Jm", "E", "Lc", "Lm", "Wd"]}
for t, rho in zip(p["times"], res.states):
    out["nc"].append(qt.expect(a.dag() * a, rho)); out["nm"].append(qt.expect(b.dag() * b, rho)); out["E"].append(qt.expect(Ht(t), rho))
    out["Wd"].append(dg(t) * qt.expect(H1, rho))
    for key, lkey, name in (("Jc", "Lc", "optical"), ("Jm", "Lm", "mechanical")):
        for k, X in ((key, Ht(t)), (lkey, local[name])):
            out[k].append(sum(f(t) * qt.expect(A.dag() * X * A - 0.5 * (A.dag() * A * X + X * A.dag() * A), rho) for A, f in rates[name]))
final = res.states[-1].full()
out["rho_re"], out["rho_im"] = final.real.tolist(), final.imag.tolist()
json.dump(out, sys.stdout)
