"""Fixtures shared by the nn tests."""

from __future__ import annotations

import pytest

import nn


@pytest.fixture(scope="module")
def moons():
    """100 samples of the two moons (noise 0.1, random_state 1337), as (X, y)."""
    return nn.datasets.make_moons(100, noise=0.1, random_state=1337)
