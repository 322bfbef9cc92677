"""No float loses digits between Python and the engine, in either direction."""

import json
import math

import numpy as np

import clausius



def test_printed_numbers_are_the_shortest_round_trip_form(examples, cli):
    # Swift prints the shortest decimal that parses back to its double; Python's repr is the shortest decimal of the
    # double it parsed. Equal texts for every non-integer number ⇒ Python holds the engine's bits.
    _, text = cli("solve", str(examples / "003-two-mode-refrigerator-lab.toml"), "--format", "json", "--quiet")
    doc = clausius.load(examples / "003-two-mode-refrigerator-lab.toml").solve(covariance=True).document
    tokens = []
    json.loads(text, parse_float=lambda t: tokens.append(t) or float(t))
    n = 0
    for t in tokens:
        py = repr(float(t))
        # Python writes 1e-07 and 1e+16 like Swift; Swift prints 2000 as 2000.0 too (description): compare as text.
        assert py == t, (t, py)
        n += 1
    assert n > 30
    # The decoded documents agree number for number with the plain json module on the same text.
    assert json.loads(text)["methods"][0]["baths"][0]["heat"] == doc["methods"][0]["baths"][0]["heat"]


def test_python_values_reach_the_engine_bit_for_bit(examples):
    # Values with 17 significant digits, set from Python, sent as TOML text, read by the engine, written back in
    # its JSON (baths[].temperature): identical doubles.
    for t in (0.1 + 0.2, np.nextafter(1.7, 2.0), 1.0 / 3.0, 2.0 ** -30 * 3.000000000000001):
        m = clausius.load(examples / "004-wire-detuned.toml").set("baths.0.temperature", float(t))
        r = m.solve(equations=["global"], covariance=False)
        got = r.method("global")["baths"][0]["temperature"]
        assert got == float(t) and math.copysign(1, got) == 1, (t, got)
