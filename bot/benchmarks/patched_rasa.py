"""``python -m bot.benchmarks.patched_rasa run ...``: Rasa with proposed speed fixes, for what-if runs.

NOT how the project serves Rasa. The ``whatif`` benchmark section starts the Rasa server
through this module to measure, on the same machine and load, what two general fixes
would gain before anyone adopts them:

* Rasa validates every action server response with ``jsonschema.validate``, which checks
  the (constant) response schema against the JSON Schema meta-schema on every call; with
  jsonschema 4.17 that check was about 60% of the Rasa server's CPU time per turn in the
  profile. Here the validator is built once and only the response is validated (same
  schema, same errors).
* ``Event.resolve_by_type`` walks every Event subclass for each stored event it
  deserialises; here the subclass list is computed once per class.

``PATCH_VALIDATOR=0`` / ``PATCH_SUBCLASSES=0`` switch either fix off.
"""
from __future__ import annotations

import functools
import os
import sys
from typing import Any


def apply_validator_cache() -> None:
    """Validates action server responses with a validator built once."""
    from jsonschema.exceptions import best_match  # noqa: PLC0415
    from jsonschema.validators import validator_for  # noqa: PLC0415
    from rasa.core.actions import action  # noqa: PLC0415

    spec = action.RemoteAction.action_response_format_spec()
    validator = validator_for(spec)(spec)

    def validate_action_result(self: Any, result: dict) -> bool:
        error = best_match(validator.iter_errors(result))
        if error is not None:
            raise error
        return True

    action.RemoteAction._validate_action_result = validate_action_result


def apply_subclass_cache() -> None:
    """Computes each class's subclasses once (the set is fixed once Rasa has started)."""
    from rasa.shared.utils import common  # noqa: PLC0415

    original = common.all_subclasses
    cached = functools.lru_cache(maxsize=None)(lambda cls: tuple(original(cls)))
    common.all_subclasses = lambda cls: list(cached(cls))


def main() -> None:
    """Applies the fixes, then runs Rasa's command line with the given arguments."""
    if os.environ.get("PATCH_VALIDATOR", "1") == "1":
        apply_validator_cache()
    if os.environ.get("PATCH_SUBCLASSES", "1") == "1":
        apply_subclass_cache()
    from rasa.__main__ import main as rasa_main  # noqa: PLC0415

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
