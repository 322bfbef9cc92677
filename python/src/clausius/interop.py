"""QuTiP interoperability (optional dependency ``qutip``): ``SolveResult.to_qutip`` and :func:`from_qutip`."""

from __future__ import annotations

import itertools
from typing import Any, Dict, List, Optional, Sequence

import numpy as np

from .model import Model


def _qutip():
    try:
        import qutip
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("clausius: this needs QuTiP (pip install qutip)") from e
    return qutip


def to_qutip(result, equation: str):
    """ρ of an open-system result as ``qutip.Qobj`` with ``dims = [[d1, d2, …], [d1, d2, …]]`` (the subsystems in
    file order, first factor slowest — QuTiP's tensor order too)."""
    qutip = _qutip()
    rho = result.density_matrix(equation)
    dims = result.dimensions(equation)
    return qutip.Qobj(rho, dims=[dims, dims])


def _partial_average(op: np.ndarray, dims: Sequence[int], keep: Sequence[int]) -> np.ndarray:
    """P_T(O) = Tr_{not T}(O)/d_{not T} ⊗ I_{not T}, returned as a full matrix (T = ``keep``)."""
    n = len(dims)
    keep = list(keep)
    drop = [s for s in range(n) if s not in keep]
    t = op.reshape(list(dims) + list(dims))
    for s in sorted(drop, reverse=True):
        t = np.trace(t, axis1=s, axis2=s + t.ndim // 2)
    dk = int(np.prod([dims[s] for s in keep])) if keep else 1
    dd = int(np.prod([dims[s] for s in drop])) if drop else 1
    # reduced ⊗ I in the order (keep…, drop…), then the axes back to the subsystems' order.
    k = np.kron(t.reshape(dk, dk) / dd, np.eye(dd))
    order = keep + drop
    k = k.reshape([dims[s] for s in order] * 2)
    inv = [order.index(s) for s in range(n)]
    return k.transpose(inv + [n + i for i in inv]).reshape(op.shape)


def _components(op: np.ndarray, dims: Sequence[int]) -> Dict[tuple, np.ndarray]:
    """The Hilbert–Schmidt-orthogonal split O = Σ_S O_S, O_S acting on the subsystems S only (inclusion–exclusion
    over partial averages: O_S = Σ_{T⊆S} (−1)^{|S|−|T|} P_T(O)). Components below 1e-14 ‖O‖ are dropped."""
    n = len(dims)
    avg = {}
    for k in range(n + 1):
        for S in itertools.combinations(range(n), k):
            avg[S] = _partial_average(op, dims, S)
    scale = max(np.abs(op).max(), 1e-300)
    out = {}
    for S in avg:
        c = sum((-1) ** (len(S) - len(T)) * avg[T] for k in range(len(S) + 1) for T in itertools.combinations(S, k))
        if np.abs(c).max() > 1e-14 * scale:
            out[S] = c
    return out


def _number(z: complex) -> str:
    re, im = float(np.real(z)), float(np.imag(z))
    if im == 0:
        return repr(re)
    if re == 0:
        return f"{im!r} * i"
    return f"({re!r} + {im!r} * i)"


def _expression(op: np.ndarray, dims: Sequence[int], names: Sequence[str]) -> List[str]:
    """Terms (strings of the model language) whose sum is ``op``: each component O_S as Σ c · Π_{s∈S} proj(s, i, j);
    the identity component (a constant) as c · id(first subsystem)."""
    terms = []
    tol = 1e-14 * max(np.abs(op).max(), 1e-300)
    for S, c in _components(op, dims).items():
        if not S:
            terms.append(f"{_number(c[0, 0])} * id({names[0]})")
            continue
        others = [s for s in range(len(dims)) if s not in S]
        for I in itertools.product(*[range(dims[s]) for s in S]):
            for J in itertools.product(*[range(dims[s]) for s in S]):
                full_i = [0] * len(dims)
                full_j = [0] * len(dims)
                for s, i, j in zip(S, I, J):
                    full_i[s], full_j[s] = i, j
                for s in others:
                    full_i[s] = full_j[s] = 0
                z = c[np.ravel_multi_index(full_i, dims), np.ravel_multi_index(full_j, dims)]
                if abs(z) > tol:
                    factors = " * ".join(f"proj({names[s]}, {i}, {j})" for s, i, j in zip(S, I, J))
                    terms.append(f"{_number(z)} * {factors}")
    return terms or [f"0 * id({names[0]})"]


def from_qutip(H, baths: Sequence[Dict[str, Any]], names: Optional[Sequence[str]] = None,
               equations: Sequence[str] = ("local", "global"), title: str = "model from QuTiP",
               **entries: Any) -> Model:
    """A ``kind = "open-system"`` model from QuTiP operators.

    ``H``: the Hamiltonian (``qutip.Qobj``, Hermitian, ``dims = [[d1, d2, …], …]``); ``baths``: one dict per bath with
    ``operator`` (a Hermitian ``Qobj`` S of H_int = −S ⊗ B), ``temperature`` and the spectral density's keys as in
    docs/model-format.md (``spectral_density = "flat"`` with ``rate`` κ, …) and an optional ``name``; ``names``: the
    subsystems' names (default ``s0``, ``s1``, …). Every subsystem becomes ``type = "levels"`` with zero energies and
    H and each S are written as sums of ``proj(s, i, j)`` products, split into the parts acting on each set of
    subsystems (so the local equation sees each subsystem's own terms). Rates: γ(ω) = 2J(ω)(n̄ + 1) for lowering by ω
    (docs/conventions.md, "General open systems")."""
    dims = list(H.dims[0])
    names = list(names) if names else [f"s{k}" for k in range(len(dims))]
    if len(names) != len(dims):
        raise ValueError(f"from_qutip: {len(names)} names for {len(dims)} subsystems")
    h = H.full()
    if not np.allclose(h, h.conj().T, atol=1e-12 * max(np.abs(h).max(), 1e-300)):
        raise ValueError("from_qutip: H is not Hermitian")
    doc: Dict[str, Any] = {"kind": "open-system", "title": title}
    doc.update(entries)
    doc["subsystems"] = [{"name": n, "type": "levels", "energies": [0.0] * d} for n, d in zip(names, dims)]
    doc["hamiltonian"] = {"terms": _expression(h, dims, names)}
    bl = []
    for k, b in enumerate(baths):
        b = dict(b)
        op = b.pop("operator")
        if list(op.dims[0]) != dims:
            raise ValueError(f"from_qutip: bath {k}: operator dims {op.dims[0]} differ from H's {dims}")
        entry = {"name": b.pop("name", f"bath{k}")}
        entry["operator"] = " + ".join(_expression(op.full(), dims, names))
        entry.update(b)
        bl.append(entry)
    doc["baths"] = bl
    doc["solve"] = {"equations": list(equations)}
    return Model(doc)
