"""``python -m metricsdk.cli``: the ``metricsdk`` command (what `standalone_emulator` runs)."""

from metricsdk.cli import main

raise SystemExit(main())
