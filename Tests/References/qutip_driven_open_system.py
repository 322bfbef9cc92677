"""Independent reference for time-dependent open-system evolution (ClausiusDynamics DrivenFockEvolution through an
open-system model file): a qubit q (w_q) and an oscillator r (w_r, N levels) with a modulated Jaynes-Cummings coupling
g(t) (sp a + sm ad), a drive F(t) x_r (x = (a + ad)/sqrt2), a hot flat bath on q through sx (temperature T_h(t)) and a
cold flat bath on r through x. Local Davies dissipators written out by hand (docs/conventions.md rates
gamma(w) = 2J(n(w,T) + 1), gamma(-w) = 2J n(w,T); the Bohr components of sx are sm, sp, those of x are a/sqrt2, ad/sqrt2):
  hot:  sqrt(2J_h(n_h(t)+1)) sm, sqrt(2J_h n_h(t)) sp        (time-dependent collapse operators [L, f(t)])
  cold: sqrt(J_c(n_c+1)) a, sqrt(J_c n_c) ad
QuTiP mesolve (Adams, rtol 1e-11, atol 1e-13) integrates rho(t); heat per bath with H(t): sum_k <L_k† H L_k - 1/2{L_k†L_k, H}>,
local heat with H_q = w_q sp sm or H_r = w_r ad a, drive work rate <dH/dt> = g'(t) <H_g> + F'(t) <x_r>.
stdin: JSON {wq, wr, N, g: [value, amp, freq, phase], F: [[t, v], ...], Jh, Jc, Th: [value, amp, freq, phase], Tc, times};
Optional: rtol, atol, method (mesolve options; default 1e-11, 1e-13, adams). stdout: JSON {nq, nr, Qh, Qc, Qh_local,
Qc_local, Wdot, E} (lists over times) and seconds = [mesolve's wall time] (benchmarks/peers/driven_qutip.py times it).
"""
import json, sys
import numpy as np
import qutip as qt

p = json.load(sys.stdin)
N = p["N"]
sm = qt.tensor(qt.destroy(2), qt.qeye(N))
a = qt.tensor(qt.qeye(2), qt.destroy(N))
Hq, Hr = p["wq"] * sm.dag() * sm, p["wr"] * a.dag() * a
Hg = sm.dag() * a + sm * a.dag()
x = (a + a.dag()) / np.sqrt(2)
g0, ga, gw, gp = p["g"]
Ft = np.array(p["F"])
Th0, Tha, Thw, Thp = p["Th"]
g = lambda t: g0 + ga * np.sin(gw * t + gp)
dg = lambda t: ga * gw * np.cos(gw * t + gp)
F = lambda t: float(np.interp(t, Ft[:, 0], Ft[:, 1]))
def dF(t):
    i = np.searchsorted(Ft[:, 0], t, side="right") - 1
    return 0.0 if i < 0 or i >= len(Ft) - 1 else (Ft[i + 1, 1] - Ft[i, 1]) / (Ft[i + 1, 0] - Ft[i, 0])
Th = lambda t: Th0 + Tha * np.sin(Thw * t + Thp)
nb = lambda w, T: 0.0 if T == 0 else 1.0 / np.expm1(w / T)
nh = lambda t: nb(p["wq"], Th(t))
nc = nb(p["wr"], p["Tc"])
Jh, Jc = p["Jh"], p["Jc"]
hot = [(sm, lambda t: np.sqrt(2 * Jh * (nh(t) + 1))), (sm.dag(), lambda t: np.sqrt(2 * Jh * nh(t)))]
cold = [(np.sqrt(Jc * (nc + 1)) * a, None), (np.sqrt(Jc * nc) * a.dag(), None)]
c_ops = [[L, f] for L, f in hot] + [L for L, _ in cold]
H = [Hq + Hr, [Hg, lambda t: g(t)], [x, lambda t: F(t)]]
psi0 = qt.tensor(qt.basis(2, 1), qt.basis(N, 0))
opts = {"atol": p.get("atol", 1e-13), "rtol": p.get("rtol", 1e-11), "nsteps": 10 ** 7, "method": p.get("method", "adams"), "store_states": True}
import time
start = time.perf_counter()
r = qt.mesolve(H, qt.ket2dm(psi0), p["times"], c_ops=c_ops, options=opts)
seconds = time.perf_counter() - start

def dis_adj(L, X):
    return L.dag() * X * L - 0.5 * (L.dag() * L * X + X * L.dag() * L)

out = {k: [] for k in ["nq", "nr", "Qh", "Qc", "Qh_local", "Qc_local", "Wdot", "E"]}
for t, rho in zip(p["times"], r.states):
    Ht = Hq + Hr + g(t) * Hg + F(t) * x
    ex = lambda O: float(np.real((O * rho).tr()))
    jh = [f(t) * L for L, f in hot]
    jc = [L for L, _ in cold]
    out["nq"].append(ex(sm.dag() * sm)); out["nr"].append(ex(a.dag() * a))
    out["Qh"].append(sum(ex(dis_adj(L, Ht)) for L in jh)); out["Qc"].append(sum(ex(dis_adj(L, Ht)) for L in jc))
    out["Qh_local"].append(sum(ex(dis_adj(L, Hq)) for L in jh)); out["Qc_local"].append(sum(ex(dis_adj(L, Hr)) for L in jc))
    out["Wdot"].append(dg(t) * ex(Hg) + dF(t) * ex(x)); out["E"].append(ex(Ht))
out["seconds"] = [seconds]
out["qutip"] = [float(qt.__version__.split(".")[0]) + 0.1 * float(qt.__version__.split(".")[1])]
print(json.dumps(out))
