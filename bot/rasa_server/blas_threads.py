"""One BLAS thread in the Rasa server process.

NumPy's OpenBLAS starts a thread per core for products as small as DIET's intent layers
(a 128-wide vector times a 128x256 matrix, :mod:`bot.rasa_server.diet_forward_pass`). In
the Rasa server each such product is a few microseconds of work, and the extra thread
spins waiting for the next one on a core the action server needs: at 10 concurrent
patients on 2 cores the Rasa process used 1.3 cores instead of 0.85 and served about 100
turns a second instead of about 150. The server runs its conversations concurrently on
one event loop, so it gains nothing from parallel arithmetic inside one message.
"""
from __future__ import annotations


def use_one_blas_thread() -> None:
    """Limits every BLAS library loaded in this process to one thread, from now on."""
    import numpy  # noqa: F401, PLC0415 - loads the BLAS library to be limited
    from threadpoolctl import threadpool_limits  # noqa: PLC0415

    threadpool_limits(limits=1, user_api="blas")
