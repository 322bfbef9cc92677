"""The operator split behind from_qutip: O = Σ_S O_S, each O_S acting on S alone and traceless on each s ∈ S."""

import itertools

import numpy as np

from clausius import interop


def test_components_sum_to_the_operator_and_are_local():
    rng = np.random.default_rng(7)
    dims = [2, 3, 2]
    D = int(np.prod(dims))
    A = rng.normal(size=(D, D)) + 1j * rng.normal(size=(D, D))
    O = A + A.conj().T
    comps = interop._components(O, dims)
    np.testing.assert_allclose(sum(comps.values()), O, atol=1e-12)
    for S, c in comps.items():
        t = c.reshape(dims + dims)
        for s in range(3):
            # Partial trace over s: zero for s ∈ S (traceless there), and for s ∉ S the component is I_s ⊗ (…).
            red = np.trace(t, axis1=s, axis2=s + 3)
            if s in S:
                assert np.abs(red).max() < 1e-12
            else:
                # t = (red / d_s) ⊗ I_s with the identity's two axes at the places of s.
                expect = np.einsum("ab,...->...ab", np.eye(dims[s]), red) / dims[s]
                expect = np.moveaxis(np.moveaxis(expect, -2, s), -1, s + 3)
                np.testing.assert_allclose(expect, t, atol=1e-12)
    # Hilbert–Schmidt orthogonal: Tr(O_S† O_T) = 0 for S ≠ T.
    for (S, a), (T, b) in itertools.combinations(comps.items(), 2):
        assert abs(np.trace(a.conj().T @ b)) < 1e-10


def test_expression_terms_rebuild_the_operator():
    # Evaluate the written terms with numpy: c · Π proj(s, i, j) (identity elsewhere) must give O back.
    rng = np.random.default_rng(3)
    dims, names = [2, 2, 3], ["a", "b", "c"]
    D = int(np.prod(dims))
    A = rng.normal(size=(D, D))
    O = A + A.T
    total = np.zeros((D, D), dtype=complex)
    for term in interop._expression(O, dims, names):
        coeff, *factors = term.split(" * ")
        z = complex(eval(coeff.replace("i", "1j") if "i" in coeff and "id(" not in coeff else coeff))
        ops = [np.eye(d) for d in dims]
        for f in factors:
            if f.startswith("id("):
                continue
            n, i, j = f[5:-1].split(", ")
            k = names.index(n)
            p = np.zeros((dims[k], dims[k]))
            p[int(i), int(j)] = 1
            ops[k] = p
        m = ops[0]
        for o in ops[1:]:
            m = np.kron(m, o)
        total += z * m
    np.testing.assert_allclose(total, O, atol=1e-12)
