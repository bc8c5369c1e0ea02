"""Whether this runs in Jupyter: the one test that chaingrad's pictures, tables and progress bars use.

In a Jupyter kernel ``explain`` shows an HTML table instead of printing, and
``nn.fit`` shows a notebook progress bar even though standard error is not a
terminal. The test imports nothing: if IPython has not been imported, this is
no Jupyter kernel (a kernel imports it before it runs any cell).

>>> in_jupyter()   # a doctest runs in no kernel
False
"""

from __future__ import annotations

import sys

__all__ = ["in_jupyter"]


def in_jupyter() -> bool:
    """Whether this runs in a Jupyter kernel (which can show HTML), not a terminal nor a plain IPython shell."""
    ipython = sys.modules.get("IPython")
    if ipython is None:  # never import IPython just to find out
        return False
    shell = ipython.get_ipython()
    return shell is not None and hasattr(shell, "kernel")  # a terminal IPython shell has no kernel
