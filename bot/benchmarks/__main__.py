"""``python -m bot.benchmarks``: see :mod:`bot.benchmarks.cli`."""
from __future__ import annotations

import sys

from bot.benchmarks.cli import main

if __name__ == "__main__":
    sys.exit(main())
