"""Independent reference for time-dependent Gaussian moment dynamics (ClausiusDynamics DrivenGaussianEvolution through a
network model file): two modes w1, w2 with hopping eps(t) (a1†a2 + a1 a2†) = eps(t)(x1 x2 + p1 p2), flat local baths of rate
gamma_j on each mode (gamma(n+1) D[a] + gamma n D[a†], paper 003 Eq. 5), the hot bath's temperature T_2(t).
Quadratures r = (x1, p1, x2, p2), a = (x + ip)/sqrt2, H = 1/2 r^T G r, Omega = diag(J, J), J = [[0, 1], [-1, 0]]:
  dV/dt = A V + V A^T + D,  A = Omega G - sum_j gamma_j/2 P_j,  D = sum_j gamma_j (n_j + 1/2) P_j   (P_j: mode j's block)
heat Qdot_j = Tr[G A_j V] + 1/2 Tr[G D_j] (A_j = -gamma_j/2 P_j, D_j = gamma_j(n_j+1/2) P_j), local heat with G_j = w_j P_j,
drive work 1/2 Tr[dG/dt V] = eps'(t)(V_x1x2 + V_p1p2). Integrated by scipy's DOP853 (rtol 1e-12, atol 1e-14) with
the integrals Q_j, W as extra components.
stdin: JSON {w: [w1, w2], eps: [value, amp, freq, phase], gamma: [g1, g2], T1, T2: [value, amp, freq, phase], times};
stdout: JSON {n1, n2, Q1, Q2, Q1_local, Q2_local, Wdot, Qi1, Qi2, W, E}.
"""
import json, sys
import numpy as np
from scipy.integrate import solve_ivp

p = json.load(sys.stdin)
w1, w2 = p["w"]
e0, ea, ew, ep = p["eps"]
t0, ta, tw, tp = p["T2"]
g1, g2 = p["gamma"]
eps = lambda t: e0 + ea * np.sin(ew * t + ep)
deps = lambda t: ea * ew * np.cos(ew * t + ep)
T2 = lambda t: t0 + ta * np.sin(tw * t + tp)
nb = lambda w, T: 0.0 if T == 0 else 1.0 / np.expm1(w / T)
J = np.array([[0.0, 1.0], [-1.0, 0.0]])
Om = np.kron(np.eye(2), J)
P1, P2 = np.diag([1.0, 1, 0, 0]), np.diag([0.0, 0, 1, 1])
C = np.zeros((4, 4)); C[0, 2] = C[2, 0] = C[1, 3] = C[3, 1] = 1.0
G = lambda t: w1 * P1 + w2 * P2 + eps(t) * C


def parts(t):
    A1, A2 = -g1 / 2 * P1, -g2 / 2 * P2
    D1, D2 = g1 * (nb(w1, p["T1"]) + 0.5) * P1, g2 * (nb(w2, T2(t)) + 0.5) * P2
    return (A1, D1), (A2, D2)


def rates(t, V):
    (A1, D1), (A2, D2) = parts(t)
    Gt = G(t)
    q = lambda Gc, A, D: np.trace(Gc @ A @ V) + 0.5 * np.trace(Gc @ D)
    return (q(Gt, A1, D1), q(Gt, A2, D2), q(w1 * P1, A1, D1), q(w2 * P2, A2, D2), deps(t) * (V[0, 2] + V[1, 3]))


def f(t, y):
    V = y[:16].reshape(4, 4)
    (A1, D1), (A2, D2) = parts(t)
    A = Om @ G(t) + A1 + A2
    dV = A @ V + V @ A.T + D1 + D2
    q1, q2, _, _, wd = rates(t, V)
    return np.concatenate([dV.ravel(), [q1, q2, wd]])


y0 = np.concatenate([0.5 * np.eye(4).ravel(), [0.0, 0.0, 0.0]])
s = solve_ivp(f, (0, p["times"][-1]), y0, t_eval=p["times"], method="DOP853", rtol=1e-12, atol=1e-14)
out = {k: [] for k in ["n1", "n2", "Q1", "Q2", "Q1_local", "Q2_local", "Wdot", "Qi1", "Qi2", "W", "E"]}
for k, t in enumerate(s.t):
    V = s.y[:16, k].reshape(4, 4)
    q1, q2, l1, l2, wd = rates(t, V)
    out["n1"].append(0.5 * (V[0, 0] + V[1, 1]) - 0.5); out["n2"].append(0.5 * (V[2, 2] + V[3, 3]) - 0.5)
    out["Q1"].append(q1); out["Q2"].append(q2); out["Q1_local"].append(l1); out["Q2_local"].append(l2); out["Wdot"].append(wd)
    out["Qi1"].append(s.y[16, k]); out["Qi2"].append(s.y[17, k]); out["W"].append(s.y[18, k])
    out["E"].append(0.5 * np.trace(G(t) @ V))
print(json.dumps({k: [float(x) for x in v] for k, v in out.items()}))
