"""``python -m bot.rasa_server run ...``: Rasa's own command line, with the changes applied.

The process's BLAS arithmetic is also limited to one thread (:mod:`bot.rasa_server.blas_threads`).
"""
from __future__ import annotations

import sys

from bot.rasa_server import install
from bot.rasa_server.blas_threads import use_one_blas_thread


def main() -> None:
    """Applies the changes, then runs Rasa's command line with this process's arguments."""
    use_one_blas_thread()
    install()
    from rasa.__main__ import main as rasa_main  # noqa: PLC0415

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
