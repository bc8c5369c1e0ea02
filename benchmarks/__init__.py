"""Benchmarks: chaingrad against micrograd 0.1.0, on the same work, each engine in its own process.

Run them with ``python -m benchmarks.run`` (``--help`` lists the options). The
pieces, one module each:

* ``engines``: load an engine by name and count the nodes of its graphs;
* ``measuring``: time the phases of one run and the garbage collector's share;
* ``moons``: the two-moons data set, in pure Python, seeded;
* one module per workload: ``demo_step``, ``deep_chain``, ``wide_sum``,
  ``memory_per_node``, ``fit_epoch``; each is written once and run by both
  engines, so both do exactly the same Python work;
* ``report``: medians, ratios, targets and the Markdown table;
* ``run``: the command line, which starts the worker processes.
"""
