"""Global (Davies) steady state of XXZ chains of N qubits (the model of examples/xxz-spin-chain.toml for any N:
H = Σ ½σz_i + J Σ (σ⁺_i σ⁻_{i+1} + h.c. + Δ σz_i σz_{i+1}/2), J = 0.1, Δ = 0.5; Ohmic–Drude baths λ² = 0.005, Λ = 10
through σx on the end qubits at T = 2 and 0.5): `clausius solve --equations global` (secular blocks: H block-diagonalised
by its connected components, the Pauli/degenerate-block equation on Σ_C |C|² unknowns) against qthermo's
`davies_bath` + `steady_state` and QuTiP's secular `bloch_redfield_tensor` + `steadystate` on the same model, timed in
the same run, with qubit 1's excited population compared. QuTiP's `sec_cutoff` is relative to the smallest non-zero
level spacing in floating point, which is round-off once H has degenerate levels (N ≥ 6): it is converted to an
absolute cutoff of 1e-9 (`qutip_secular_pe`; BENCHMARKS.md, "The 8.7e-8 difference from QuTiP's secular tensor").

Usage: python3 benchmarks/peers/open_system_global_xxz.py path/to/clausius [N ...]   (default N: 6 8 10 12)
Peers run only up to the sizes they reach in --peer-timeout seconds (default 300), in subprocesses.
Rates (docs/conventions.md): γ(ω) = 2J(ω)(n̄+1) for ω > 0, 2J(|ω|)n̄ for ω < 0, 2λ²T at ω = 0. qthermo's
`davies_bath` uses γ(ω) = J_q(ω)(1+n̄), so it is given J_q = 2J; QuTiP's spectrum is γ itself.
"""
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

J, DELTA, LAM2, CUT, TL, TR = 0.1, 0.5, 0.005, 10.0, 2.0, 0.5


def toml(n):
    lines = ['kind = "open-system"', f'title = "XXZ chain of {n} qubits"']
    for i in range(1, n + 1):
        lines += ["[[subsystems]]", f'name = "s{i}"', 'type = "qubit"', "frequency = 0.0"]
    lines += ["[parameters]", f"J = {J}", f"Delta = {DELTA}", "[hamiltonian]"]
    terms = [f'"0.5 * sz(s{i})"' for i in range(1, n + 1)]
    terms += [f'"J * (sp(s{i}) * sm(s{i + 1}) + h.c.) + J * Delta / 2 * sz(s{i}) * sz(s{i + 1})"' for i in range(1, n)]
    lines.append("terms = [" + ", ".join(terms) + "]")
    for name, site, t in (("left", 1, TL), ("right", n, TR)):
        lines += ["[[baths]]", f'name = "{name}"', f'operator = "sx(s{site})"', 'spectral_density = "ohmic-drude"',
                  f"lambda = {LAM2 ** 0.5!r}", f"cutoff = {CUT}", f"temperature = {t}"]
    lines += ["[solve]", 'equations = ["global"]']
    return "\n".join(lines) + "\n"


PEER = r'''
import sys, time, json
import numpy as np
n, which = int(sys.argv[1]), sys.argv[2]
J, DELTA, LAM2, CUT, TL, TR = %r
jd = lambda x: LAM2 * x * CUT**2 / (x**2 + CUT**2)
t0 = time.time()
if which == "qthermo":
    import qthermo as q
    dims = [2] * n
    e = lambda o, i: q.embed(o, i, dims)
    sp = q.sigma_plus                      # |1><0|: index 1 is the excited level for these operators
    num = [e(sp @ sp.conj().T, i) for i in range(n)]
    sz = [2 * x - np.eye(2 ** n) for x in num]
    H = sum(0.5 * sz[i] for i in range(n))
    for i in range(n - 1):
        H = H + J * (e(sp, i) @ e(sp, i + 1).conj().T + e(sp, i).conj().T @ e(sp, i + 1)) + J * DELTA / 2 * sz[i] @ sz[i + 1]
    sx = lambda i: e(sp + sp.conj().T, i)
    baths = [q.davies_bath(H, sx(s), T, spectrum=lambda w: 2 * jd(w), name=nm, zero_frequency_rate=2 * LAM2 * T)
             for nm, s, T in (("left", 0, TL), ("right", n - 1, TR))]
    rho = q.steady_state(H, baths, check_unique=False)
    pe = float(np.real(np.trace(num[0] @ rho)))
else:
    import qutip as qt
    sys.path.insert(0, %r)
    from open_system_global_xxz import qutip_secular_pe
    pe = qutip_secular_pe(n, 1e-9)[0]
print(json.dumps({"seconds": time.time() - t0, "pe": pe}))
''' % ((J, DELTA, LAM2, CUT, TL, TR), os.path.dirname(os.path.abspath(__file__)))


def qutip_chain(n):
    """The chain in QuTiP: H, the σz and σ⁺ of each qubit, and the baths as QuTiP's a_ops [[σx_1, S_left], [σx_n, S_right]]
    with S(ω) the rate γ(ω) of docs/conventions.md (ω > 0 emission, 2λ²T at ω = 0). Also used by
    Tests/References/qutip_secular_cutoff.py."""
    import numpy as np
    import qutip as qt
    op = lambda o, i: qt.tensor([o if k == i else qt.qeye(2) for k in range(n)])
    sz = [op(qt.sigmaz(), i) for i in range(n)]
    sp = [op(qt.sigmap(), i) for i in range(n)]
    sm = [s.dag() for s in sp]
    H = sum(0.5 * sz[i] for i in range(n))
    for i in range(n - 1):
        H += J * (sp[i] * sm[i + 1] + sm[i] * sp[i + 1]) + J * DELTA / 2 * sz[i] * sz[i + 1]
    jd = lambda x: LAM2 * x * CUT**2 / (x**2 + CUT**2)

    def spectrum(T):
        def s(w):
            if w > 1e-12: return 2 * jd(w) * (1 / np.expm1(w / T) + 1)
            if w < -1e-12: return 2 * jd(-w) / np.expm1(-w / T)
            return 2 * LAM2 * T
        return s
    return H, sz, sp, [[sp[0] + sm[0], spectrum(TL)], [sp[n - 1] + sm[n - 1], spectrum(TR)]]


def qutip_secular_pe(n, sec_cutoff, absolute=True):
    """QuTiP's Bloch–Redfield tensor of the chain (secular with the *absolute* cutoff `sec_cutoff`, −1: none) +
    steadystate: qubit 1's p_e (and H). `absolute=False` passes `sec_cutoff` to QuTiP unchanged.

    QuTiP 5 keeps the tensor element (ab, cd) when |ω_ab − ω_cd| < sec_cutoff × dw_min, dw_min the smallest non-zero
    |E_a − E_b| in floating point (qutip/core/_brtensor.pyx). From N = 6 on the chain has degenerate levels whose
    computed eigenvalues differ by round-off (dw_min = 2.0e-15 at N = 6), which makes any relative cutoff ~1e-16: QuTiP
    then drops the coherences of the degenerate levels, which is not the Davies equation (8.7e-8 in p_e at N = 6).
    So the cutoff is passed as sec_cutoff / dw_min, with dw_min from the same eigen-decomposition QuTiP uses."""
    import numpy as np
    import qutip as qt
    from qutip.core._brtools import _EigenBasisTransform
    H, sz, _, a_ops = qutip_chain(n)
    if absolute and sec_cutoff > 0:
        e = np.asarray(_EigenBasisTransform(qt.QobjEvo(H)).eigenvalues(0))
        gaps = np.abs(e[:, None] - e[None, :])
        sec_cutoff /= gaps[gaps != 0].min()
    R = qt.bloch_redfield_tensor(H, a_ops=a_ops, sec_cutoff=sec_cutoff, fock_basis=True)
    return (1 + qt.expect(sz[0], qt.steadystate(R))) / 2, H


def peer(n, which, timeout):
    try:
        r = subprocess.run([sys.executable, "-c", PEER, str(n), which], capture_output=True, text=True, timeout=timeout,
                           env={**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"})
        return json.loads(r.stdout.strip().splitlines()[-1]) if r.returncode == 0 else {"error": r.stderr.strip().splitlines()[-1][:120]}
    except subprocess.TimeoutExpired:
        return {"error": f"> {timeout} s"}
    except ImportError as e:
        return {"error": str(e)}


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    clausius = args[0] if args else ".build/release/clausius"
    sizes = [int(a) for a in args[1:]] or [6, 8, 10, 12]
    timeout = 300
    for a in sys.argv[1:]:
        if a.startswith("--peer-timeout="):
            timeout = float(a.split("=")[1])
    reached = {"qthermo": True, "qutip": True}
    print(f"load average {os.getloadavg()[0]:.2f}; one BLAS thread everywhere")
    for n in sizes:
        with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False) as f:
            f.write(toml(n))
        t0 = time.time()
        r = subprocess.run(["/usr/bin/time", "-f", "%M", clausius, "solve", f.name, "--format", "json"], capture_output=True, text=True,
                           env={**os.environ, "CLAUSIUS_BLAS_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"})
        t = time.time() - t0
        os.unlink(f.name)
        if r.returncode != 0:
            print(f"N = {n}: clausius failed: {r.stderr.strip()[-300:]}")
            continue
        peak = int(r.stderr.strip().splitlines()[-1]) / 1024
        m = json.loads(r.stdout)["methods"][0]
        pe = m["occupations"][0]
        line = f"N = {n:2d} (d = {2 ** n:5d}): clausius {t:7.2f} s, {peak:6.0f} MiB, {m['fock']['unknowns']} unknowns, Q̇_left = {m['baths'][0]['heat']:.12e}"
        for which in ("qthermo", "qutip"):
            if not reached[which]:
                continue
            p = peer(n, which, timeout)
            if "error" in p:
                line += f"; {which}: {p['error']}"
                reached[which] = False
            else:
                line += f"; {which} {p['seconds']:.2f} s (×{p['seconds'] / t:.1f}), |Δp_e| = {abs(p['pe'] - pe):.1e}"
        print(line, flush=True)


if __name__ == "__main__":
    main()
