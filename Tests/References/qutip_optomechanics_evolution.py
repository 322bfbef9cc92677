"""Independent reference for ClausiusDynamics' Fock evolution and Liouvillian gap: paper 000's standard master equation
(SME, Eqs. 3-10) built by QuTiP, integrated by mesolve or (with "gap": true) its Liouvillian diagonalised densely by NumPy.

H = w_c a†a + w_m b†b - g a†a (b + b†); c_ops sqrt(k_c(1+n_c)) a, sqrt(k_c n_c) a†, sqrt(k_m(1+n_m)) b, sqrt(k_m n_m) b†
(flat baths, paper 000 Eqs. 7-8); heat J_x = sum_k <L_k† H L_k - 1/2 {L_k†L_k, H}> over the jumps of bath x (Eq. 26).
stdin: JSON {wc, wm, g, kc, km, Tc, Tm, Nc, Nm, levels: [nc, nm], times}; stdout: JSON {nc, nm, Jc, Jm, E}.
With "gap": true: stdout JSON {gap}, gap = min over the eigenvalues λ other than the one nearest 0 of -Re λ.
"""
import json, sys
import numpy as np
import qutip as qt

p = json.load(sys.stdin)
Nc, Nm = p["Nc"], p["Nm"]
a = qt.tensor(qt.destroy(Nc), qt.qeye(Nm))
b = qt.tensor(qt.qeye(Nc), qt.destroy(Nm))
H = p["wc"] * a.dag() * a + p["wm"] * b.dag() * b - p["g"] * a.dag() * a * (b + b.dag())
nb = lambda w, T: 0.0 if T == 0 else 1.0 / np.expm1(w / T)
nc, nm = nb(p["wc"], p["Tc"]), nb(p["wm"], p["Tm"])
optical = [np.sqrt(p["kc"] * (1 + nc)) * a, np.sqrt(p["kc"] * nc) * a.dag()]
mechanical = [np.sqrt(p["km"] * (1 + nm)) * b, np.sqrt(p["km"] * nm) * b.dag()]


def heat_operator(jumps):
    return sum(L.dag() * H * L - 0.5 * (L.dag() * L * H + H * L.dag() * L) for L in jumps)


if p.get("gap"):
    ev = np.linalg.eigvals(qt.liouvillian(H, optical + mechanical).full())
    ev = ev[np.argsort(np.abs(ev))]
    print(json.dumps({"gap": float(np.min(-ev[1:].real))}))
    sys.exit(0)

psi0 = qt.tensor(qt.basis(Nc, p["levels"][0]), qt.basis(Nm, p["levels"][1]))
e_ops = [a.dag() * a, b.dag() * b, heat_operator(optical), heat_operator(mechanical), H]
opts = {"atol": 1e-13, "rtol": 1e-11, "nsteps": 10 ** 6, "method": "adams"}
r = qt.mesolve(H, qt.ket2dm(psi0), p["times"], c_ops=optical + mechanical, e_ops=e_ops, options=opts)
print(json.dumps({k: [float(np.real(x)) for x in r.expect[i]] for i, k in enumerate(["nc", "nm", "Jc", "Jm", "E"])}))
