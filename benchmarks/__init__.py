"""Benchmarks: chaingrad against micrograd 0.1.0 and a modern reference engine, each engine in its own process.

Run them with ``python -m benchmarks.run`` (``--help`` lists the options), and
the per-op microbenchmark with ``python -m benchmarks.per_op``. The pieces, one
module each:

* ``engines``: load an engine by name, count the nodes of its graphs and
  measure their depth;
* ``reference_engine``: "modern", the straightforward scalar engine of the
  popular pure-Python GPT scripts, written here as the GPT step's baseline;
* ``measuring``: time the phases of one run and the garbage collector's share;
* ``moons``: the two-moons data set, in pure Python, seeded;
* one module per workload: ``demo_step``, ``demo_replay``, ``deep_chain``,
  ``wide_sum``, ``memory_per_node``, ``fit_epoch``, ``gpt_step``; each is
  written once and run by chaingrad and by its baseline, so both do exactly the
  same Python work (``demo_replay``: the same model code, which chaingrad
  replays as a recorded ``Program``);
* ``report``: medians, ratios, targets and the Markdown table;
* ``run``: the command line, which starts the worker processes;
* ``per_op``: nanoseconds per op and per node of ``backward()``, gc disabled;
* ``replay_step``: ``autograd.Program`` on the demo's graph and on a
  million-value chain: record and run times, and memory.
"""
