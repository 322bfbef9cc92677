"""Bloch–Redfield steady state of examples/xxz-spin-chain.toml (six qubits, d = 64, Ohmic–Drude baths through σx on
the end qubits): Clausius (`clausius solve --equations redfield`) against QuTiP's `bloch_redfield_tensor` +
`steadystate` on the same model, timed in the same run, and the excited-state population of qubit 1 compared.

Usage: python3 benchmarks/peers/open_system_redfield_qutip.py path/to/clausius
Rates (docs/conventions.md): γ(ω) = 2J(ω)(n̄+1) for ω > 0 (the system emits), 2J(|ω|)n̄ for ω < 0, 2λ²T at ω = 0;
QuTiP's spectrum S(ω) uses the same sign (ω > 0: emission), checked by the agreement of the populations.
"""
import json
import os
import resource
import subprocess
import sys
import time

import numpy as np
import qutip as qt

clausius = sys.argv[1] if len(sys.argv) > 1 else ".build/release/clausius"
N, J, DELTA, LAM2, CUT = 6, 0.1, 0.5, 0.005, 10.0

t0 = time.time()
r = subprocess.run(["/usr/bin/time", "-f", "%M", clausius, "solve", "examples/xxz-spin-chain.toml", "--equations", "redfield", "--format", "json"],
                   check=True, capture_output=True, text=True)
t_clausius = time.time() - t0
mib_clausius = int(r.stderr.strip().splitlines()[-1]) / 1024
method = json.loads(r.stdout)["methods"][0]
pe_clausius = method["occupations"][0]
heat_clausius = [b["heat"] for b in method["baths"]]

op = lambda o, i: qt.tensor([o if k == i else qt.qeye(2) for k in range(N)])
sz = [op(qt.sigmaz(), i) for i in range(N)]
sp = [op(qt.sigmap(), i) for i in range(N)]  # QuTiP: basis(2, 0) is the excited state, σ⁺ = |0⟩⟨1|
sm = [s.dag() for s in sp]
H = sum(0.5 * sz[i] for i in range(N))
for i in range(N - 1):
    H += J * (sp[i] * sm[i + 1] + sm[i] * sp[i + 1]) + J * DELTA / 2 * sz[i] * sz[i + 1]


def spectrum(T):
    j = lambda x: LAM2 * x * CUT**2 / (x**2 + CUT**2)
    nb = lambda x: 1 / np.expm1(x / T)

    def s(w):
        if w > 1e-12:
            return 2 * j(w) * (nb(w) + 1)
        if w < -1e-12:
            return 2 * j(-w) * nb(-w)
        return 2 * LAM2 * T
    return s


t0 = time.time()
R = qt.bloch_redfield_tensor(H, a_ops=[[sp[0] + sm[0], spectrum(2.0)], [sp[N - 1] + sm[N - 1], spectrum(0.5)]], sec_cutoff=-1, fock_basis=True)
rho = qt.steadystate(R)
t_qutip = time.time() - t0
pe_qutip = (1 + qt.expect(sz[0], rho)) / 2

mib_qutip = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024   # this process: QuTiP's tensor and solve
# Heat currents Q̇_α = Tr{H R_α ρ} with each bath's tensor alone (its −i[H, ·] part gives Tr{H[H, ρ]} = 0), not timed.
heat_qutip = []
for a, T in ((sp[0] + sm[0], 2.0), (sp[N - 1] + sm[N - 1], 0.5)):
    Ra = qt.bloch_redfield_tensor(H, a_ops=[[a, spectrum(T)]], sec_cutoff=-1, fock_basis=True)
    heat_qutip.append(qt.expect(H, qt.vector_to_operator(Ra * qt.operator_to_vector(rho))))
print(f"load average {os.getloadavg()[0]:.2f}; one BLAS thread")
print(f"clausius {t_clausius:.2f} s ({mib_clausius:.0f} MiB peak), qutip {qt.__version__} {t_qutip:.2f} s ({mib_qutip:.0f} MiB peak of its process), ratio {t_qutip / t_clausius:.1f}")
print("heat currents: " + "; ".join(f"clausius {a:.12e}, qutip {b:.12e}, rel diff {abs(a - b) / abs(b):.1e}" for a, b in zip(heat_clausius, heat_qutip)))
print(f"excited population of qubit 1: clausius {pe_clausius:.15f}, qutip {pe_qutip:.15f}, |diff| {abs(pe_clausius - pe_qutip):.1e}")
