"""Independent reference for `evolve` of a cascaded model (paper 001): the moments C_jk = <c_j^dag c_k> from the Langevin
form (paper 001, Eq. 2, generalised to N oscillators; not the master equation the library assembles):
  dc/dt = M c + B c_in,  M_jj = -i w_j - (kappa_j + gamma_j)/2,  M_{j,j+1} = -i F_j,  M_{j+1,j} = -i conj(F_j),
  M_kj -= sqrt(gamma_j gamma_k) e^{i(theta_k - theta_j)} (j < k),  B_jj = sqrt(kappa_j),  B_{j,N} = sqrt(gamma_j) e^{i theta_j},
so dC/dt = conj(M) C + C M^T + conj(B) diag(Nbar) B^T (normal order, thermal inputs). Vectorised (column stacking) and
integrated EXACTLY with the augmented exponential expm([[L, 0, q], [I, 0, 0], [0, 0, 0]] t) (scipy.linalg.expm), which
also gives the time integral of C.
Heat Tr{X D_alpha rho} of a quadratic X = sum_jk x_jk c_j^dag c_k, from the adjoint dissipators (normal order,
C_jk = <c_j^dag c_k>): own bath i (kappa_i(Nbar_i+1) D[c_i] + kappa_i Nbar_i D[c_i^dag]):
kappa_i (Nbar_i x_ii - (sum_k x_ik C_ik + sum_j x_ji C_ji)/2); channel ((Nbar_c+1) D[L] + Nbar_c D[L^dag],
L = sum_j l_j c_j, l_j = sqrt(gamma_j) e^{-i theta_j}, Eq. 1): sum_jk x_jk (Nbar_c l_j conj(l_k) - (l_j a_k + conj(l_k) b_j)/2)
with a = conj(l) C, b = C l. Local heat (docs/conventions.md, "Counted heat"): X = w_q N. Heat: X = w_q N + H, where H's
single-particle matrix is read off the Langevin drift, h = (i/2)(M - M^dag) (M = -i h - Gamma/2, Gamma Hermitian), not
from the library. Energy E = <w_q N + H> in symmetric order: w_q (tr C + N/2) + sum_jk h_jk C_jk + tr(h)/2.
Time-dependent occupations (optional "mod": per bath (own..., channel) null or [v, a, W, phi], Nbar(t) = v + a sin(W t +
phi)): the same Langevin moments with the diffusion conj(B) diag(Nbar(t)) B^T, integrated by scipy's solve_ivp (DOP853,
rtol 1e-12) together with the heats' integrals (the heat functional at Nbar(t)).
Time-dependent Hamiltonian and channel (optional "hmod": {name: [v, a, W, phi]} with name one of w<j>, gamma<j>, theta<j>,
Fre<j>, Fim<j>, kappa<j>; p(t) = v + a sin(W t + phi)): M(t), B(t), l(t) and h(t) = (i/2)(M - M^dag) rebuilt at every t
from the same Langevin formulas; the heat is counted with X(t) = w_q N + H(t), the energy is <w_q N + H(t)>, and the
work rate W' = <dH/dt> = sum_jk hdot_jk C_jk + tr(hdot)/2 with hdot a fourth-order central difference of h(t) (step 1e-3,
error ~1e-13; independent of the library's analytic derivative), integrated with the heats.
stdin: JSON {w, kappa, nbar, gamma, theta, F: [[re, im], ...], nc, wq, n0: initial occupations (number-thermal),
alpha: [[re, im], ...] coherent amplitudes (or absent), mod (optional), hmod (optional), times};
stdout: JSON {n: [[n_j(t)]...], heat, local, iheat, ilocal: per bath (own..., channel) lists over times, E: list,
and with hmod: work (rate), iwork (integral) lists}.
"""
import json, sys
import numpy as np
from scipy.linalg import expm

p = json.load(sys.stdin)
w = np.array(p["w"], float); kap = np.array(p["kappa"], float); nb = np.array(p["nbar"], float)
gam = np.array(p["gamma"], float); th = np.array(p["theta"], float)
F = [complex(a, b) for a, b in p["F"]]
nc, wq = float(p["nc"]), float(p["wq"])
N = len(w)


def langevin(w, kap, gam, th, F):
    """The drift M and the noise input B of the Langevin equations above."""
    M = np.zeros((N, N), complex)
    for j in range(N):
        M[j, j] = -1j * w[j] - (kap[j] + gam[j]) / 2
    for j, f in enumerate(F):
        M[j, j + 1] += -1j * f
        M[j + 1, j] += -1j * np.conj(f)
    for k in range(N):
        for j in range(k):
            M[k, j] -= np.sqrt(gam[j] * gam[k]) * np.exp(1j * (th[k] - th[j]))
    B = np.zeros((N, N + 1), complex)
    for j in range(N):
        B[j, j] = np.sqrt(kap[j]); B[j, N] = np.sqrt(gam[j]) * np.exp(1j * th[j])
    return M, B


M, B = langevin(w, kap, gam, th, F)
Q = np.conj(B) @ np.diag(np.concatenate([nb, [nc]])) @ B.T
I = np.eye(N)
L = np.kron(I, np.conj(M)) + np.kron(M, I)          # vec(conj(M) C + C M^T), column stacking
n2 = N * N
Z = np.zeros((2 * n2 + 1, 2 * n2 + 1), complex)
Z[:n2, :n2] = L; Z[:n2, 2 * n2] = Q.flatten(order="F"); Z[n2:2 * n2, :n2] = np.eye(n2)
alpha = np.array([complex(a, b) for a, b in p.get("alpha", [[0, 0]] * N)])
C0 = np.diag(np.array(p["n0"], float)).astype(complex) + np.outer(np.conj(alpha), alpha)
z0 = np.concatenate([C0.flatten(order="F"), np.zeros(n2), [1.0]])
l = np.sqrt(gam) * np.exp(-1j * th)
kc = gam.sum()


h = 0.5j * (M - M.conj().T)


def heat(x, C, t):
    """Tr{X D_alpha rho} per bath (own..., channel) for X = sum x_jk c_j^dag c_k; with t: the same functional of the
    integral of C (constant terms times t)."""
    own = [kap[i] * (nb[i] * x[i, i] * t - 0.5 * (x[i, :] @ C[i, :] + x[:, i] @ C[:, i])) for i in range(N)]
    a, b = np.conj(l) @ C, C @ l
    ch = np.sum(x * (nc * np.outer(l, np.conj(l)) * t - 0.5 * (np.outer(l, a) + np.outer(b, np.conj(l)))))
    return [complex(v).real for v in own + [ch]]


number = wq * np.eye(N)
out = {"n": [[] for _ in range(N)], "heat": [[] for _ in range(N + 1)], "local": [[] for _ in range(N + 1)],
       "iheat": [[] for _ in range(N + 1)], "ilocal": [[] for _ in range(N + 1)], "E": []}
mod = p.get("mod")
hmod = p.get("hmod")
if mod is not None or hmod is not None:
    from scipy.integrate import solve_ivp
    nbar0 = np.concatenate([nb, [nc]])
    mod = mod or [None] * (N + 1)
    hmod = hmod or {}
    w0, kap0, gam0, th0, F0 = w.copy(), kap.copy(), gam.copy(), th.copy(), list(F)

    def par(name, static, t):
        m = hmod.get(name)
        return static if m is None else m[0] + m[1] * np.sin(m[2] * t + m[3])

    def setup(t):
        """The Langevin matrices at t (globals used by heat(): kap, nb, nc, l)."""
        global kap, nb, nc, l, gam, th
        o = np.array([x if m is None else m[0] + m[1] * np.sin(m[2] * t + m[3]) for x, m in zip(nbar0, mod)])
        nb, nc = o[:N], o[N]
        ww = np.array([par("w%d" % j, w0[j], t) for j in range(N)])
        kap = np.array([par("kappa%d" % j, kap0[j], t) for j in range(N)])
        gam = np.array([par("gamma%d" % j, gam0[j], t) for j in range(N)])
        th = np.array([par("theta%d" % j, th0[j], t) for j in range(N)])
        FF = [complex(par("Fre%d" % j, f.real, t), par("Fim%d" % j, f.imag, t)) for j, f in enumerate(F0)]
        Mt, Bt = langevin(ww, kap, gam, th, FF)
        l = np.sqrt(gam) * np.exp(-1j * th)
        return Mt, np.conj(Bt) @ np.diag(o) @ Bt.T, 0.5j * (Mt - Mt.conj().T)

    def hdot(t, e=1e-3):
        hs = [setup(t + k * e)[2] for k in (-2, -1, 1, 2)]
        return (hs[0] - 8 * hs[1] + 8 * hs[2] - hs[3]) / (12 * e)

    def rates(C, t):
        """(heat, local heat, work rate, h) at t with the parameters at t."""
        hd = hdot(t)
        Mt, Qt, ht = setup(t)
        wr = (np.sum(hd * C) + np.trace(hd) / 2).real
        return heat(number + ht, C, 1.0), heat(number, C, 1.0), wr, ht

    def f(t, y):
        C = (y[:n2] + 1j * y[n2:2 * n2]).reshape((N, N), order="F")
        q, loc, wr, _ = rates(C, t)
        Mt, Qt, _ = setup(t)
        dC = np.conj(Mt) @ C + C @ Mt.T + Qt
        return np.concatenate([dC.flatten(order="F").real, dC.flatten(order="F").imag, q, loc, [wr]])

    y0 = np.concatenate([C0.flatten(order="F").real, C0.flatten(order="F").imag, np.zeros(2 * (N + 1) + 1)])
    sol = solve_ivp(f, (0, max(p["times"])), y0, method="DOP853", t_eval=p["times"], rtol=1e-12, atol=1e-14)
    assert sol.success, sol.message
    out["work"], out["iwork"] = [], []
for k, t in enumerate(p["times"]):
    if mod is not None:
        y = sol.y[:, k]
        C = (y[:n2] + 1j * y[n2:2 * n2]).reshape((N, N), order="F")
        q, loc, wr, h = rates(C, t)
        qi, iloc = list(y[2 * n2:2 * n2 + N + 1]), list(y[2 * n2 + N + 1:2 * n2 + 2 * N + 2])
        out["work"].append(wr); out["iwork"].append(y[-1])
    else:
        z = expm(Z * t) @ z0
        C = z[:n2].reshape((N, N), order="F"); IC = z[n2:2 * n2].reshape((N, N), order="F")
        q, qi = heat(number + h, C, 1.0), heat(number + h, IC, t)
        loc, iloc = heat(number, C, 1.0), heat(number, IC, t)
    for j in range(N):
        out["n"][j].append(C[j, j].real)
    for a_ in range(N + 1):
        out["heat"][a_].append(q[a_]); out["local"][a_].append(loc[a_])
        out["iheat"][a_].append(qi[a_]); out["ilocal"][a_].append(iloc[a_])
    out["E"].append((wq * (np.trace(C) + N / 2) + np.sum(h * C) + np.trace(h) / 2).real)
json.dump(out, sys.stdout)
