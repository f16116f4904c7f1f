"""Checks that a received record satisfies the intake record schema."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from fhir.resources.bundle import Bundle
from jsonschema import Draft202012Validator, FormatChecker
from pydantic import ValidationError


def _is_rfc3339_datetime(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if "T" not in value.upper():
        return False
    try:
        parsed = dt.datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    except ValueError:
        return False
    return parsed.tzinfo is not None


class RecordValidator:
    """Validates intake records against the JSON Schema (and the FHIR Bundle in them).

    Error descriptions name the failing field path and the kind of problem only, never
    the offending value, because values are PHI.
    """

    def __init__(self, schema_path: Path) -> None:
        """Loads the schema.

        Args:
            schema_path: Path of ``intake-record.schema.json``.

        Raises:
            OSError: The file cannot be read.
            jsonschema.SchemaError: It is not a valid schema.
        """
        schema = json.loads(Path(schema_path).read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        checker = FormatChecker()
        checker.checks("date-time")(_is_rfc3339_datetime)
        self._validator = Draft202012Validator(schema, format_checker=checker)

    def problems(self, record: Any) -> list[str]:
        """Returns what is wrong with ``record`` (empty when it is valid).

        Args:
            record: The parsed JSON body.

        Returns:
            Descriptions like ``"patient.birth_date: format"`` (no values).
        """
        problems = []
        for error in self._validator.iter_errors(record):
            path = ".".join(str(part) for part in error.absolute_path) or "(record)"
            problems.append(f"{path}: {error.validator}")
        if not problems and isinstance(record, dict) and record.get("fhir") is not None:
            problems.extend(self._fhir_problems(record["fhir"]))
        return sorted(set(problems))

    @staticmethod
    def _fhir_problems(bundle: Any) -> list[str]:
        try:
            parsed = Bundle.parse_obj(bundle)
        except (ValidationError, TypeError, ValueError):
            return ["fhir: not a valid FHIR R4 Bundle"]
        if parsed.type != "transaction":
            return ["fhir: not a transaction Bundle"]
        return []
