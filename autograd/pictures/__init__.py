"""chaingrad's pictures of the graph: DOT drawings, rendering, backpropagation step by step, the explorer.

Everything here is built on the engine's public API and loaded only when
used (``import autograd`` does not import it). The pieces, one job each:

* ``dot``: ``to_dot``, ``draw_dot``, ``save_graph``: the graph as DOT text and
  a Graphviz drawing, with ``max_nodes`` selection;
* ``labels``: the one number formatter, op text and the escaping of labels;
* ``colors``: ``color_by='grad'`` and ``'role'``, with legends;
* ``boxes``: ``group_by`` boxes around the values each part of a model made;
* ``render``: finding and running a Graphviz program (``find_renderer``,
  ``GraphvizNotFoundError``);
* ``steps``: ``backward_steps``, ``explain`` and ``draw_steps``;
* ``frames``: SVG pictures and the frames of ``draw_steps`` in Jupyter;
* ``jupyter``: ``in_jupyter``, the one test for a Jupyter kernel;
* ``tables``: ``text_table`` and ``html_table``, the one layout of text tables
  (``explain``, the model summary, ``nn.Table``);
* ``explorer``: ``explore`` and ``Explorer``, the interactive page (with
  ``explorer_page/``: its HTML, CSS and JavaScript, written here).
"""
