"""Independent reference for ClausiusDynamics' Liouvillian gap: QuTiP builds paper 000's SME Liouvillian (Eqs. 3-10) and
NumPy diagonalises it densely. stdin: JSON {wc, wm, g, kc, km, Tc, Tm, Nc, Nm}; stdout: JSON {gap}.
gap = min over eigenvalues λ other than the one nearest 0 of -Re λ."""
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
c_ops = [np.sqrt(p["kc"] * (1 + nc)) * a, np.sqrt(p["kc"] * nc) * a.dag(), np.sqrt(p["km"] * (1 + nm)) * b, np.sqrt(p["km"] * nm) * b.dag()]
L = qt.liouvillian(H, c_ops).full()
ev = np.linalg.eigvals(L)
ev = ev[np.argsort(np.abs(ev))]
print(json.dumps({"gap": float(np.min(-ev[1:].real))}))
