"""``python -m nn``: the ``chaingrad`` command (see ``nn.cli``)."""

from nn.cli import main

raise SystemExit(main())
