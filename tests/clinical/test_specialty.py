"""ICD-10-CM code -> routing specialty."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.clinical.specialty import SPECIALTIES, specialty_for_code

SCHEMA = Path(__file__).resolve().parents[3] / "shared" / "spec" / "intake-record.schema.json"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        # neoplasms
        ("C50.919", "oncology"),
        ("C61", "oncology"),
        ("R03.0", "cardiology"),
        ("F07.81", "neurology"),
        ("F07.0", "other"),
        ("C34.90", "oncology"),
        ("C71.9", "oncology"),
        ("C43.9", "oncology"),
        ("C4A.9", "oncology"),
        ("C7A.8", "oncology"),
        ("D05.10", "oncology"),
        ("C85.90", "oncology"),
        ("C81.90", "oncology"),
        ("C91.10", "oncology"),
        ("C92.00", "oncology"),
        ("C90.00", "oncology"),
        ("D46.9", "oncology"),
        ("D45", "oncology"),
        ("D47.2", "oncology"),
        ("D32.9", "neurosurgery"),
        ("D33.3", "neurosurgery"),
        ("D35.2", "neurosurgery"),
        ("D35.00", "endocrinology"),
        ("D34", "endocrinology"),
        ("D25.9", "gynecology"),
        ("D12.6", "gastroenterology"),
        ("D30.00", "urology"),
        ("D49.6", "oncology"),
        # infections
        ("A15.0", "pulmonology"),
        ("A17.0", "neurology"),
        ("A86", "neurology"),
        ("A41.9", "other"),
        ("J06.9", "other"),
        ("J18.9", "pulmonology"),
        # blood, immune, endocrine
        ("D64.9", "hematology"),
        ("D57.1", "hematology"),
        ("D69.3", "hematology"),
        ("D86.9", "pulmonology"),
        ("D84.1", "other"),
        ("E11.9", "endocrinology"),
        ("E05.00", "endocrinology"),
        ("E83.110", "hematology"),
        ("E83.01", "gastroenterology"),
        ("E84.9", "pulmonology"),
        # nervous system and circulation
        ("G35.D", "neurology"),
        ("G12.21", "neurology"),
        ("G40.909", "neurology"),
        ("G47.33", "pulmonology"),
        ("G56.00", "orthopedics"),
        ("G57.60", "orthopedics"),
        ("S13.4XXA", "orthopedics"),
        ("S23.3XXA", "orthopedics"),
        ("F95.2", "neurology"),
        ("E75.02", "neurology"),
        ("E75.4", "neurology"),
        ("E75.22", "hematology"),
        ("E70.0", "other"),
        ("E74.00", "other"),
        ("E76.01", "other"),
        ("E88.89", "other"),
        ("E78.00", "endocrinology"),
        ("E03.9", "endocrinology"),
        ("Q75.0", "neurosurgery"),
        ("Q79.0", "other"),
        ("Q79.60", "rheumatology"),
        ("Q65.89", "orthopedics"),
        ("G91.9", "neurosurgery"),
        ("I48.91", "cardiology"),
        ("I50.9", "cardiology"),
        ("I35.0", "cardiology"),
        ("I25.10", "cardiology"),
        ("I63.9", "neurology"),
        ("G45.9", "neurology"),
        ("I67.1", "neurosurgery"),
        ("I60.9", "neurosurgery"),
        ("Q28.2", "neurosurgery"),
        ("I26.99", "pulmonology"),
        ("I71.40", "cardiology"),
        ("I21.9", "cardiology"),
        ("I10", "cardiology"),
        ("I73.00", "rheumatology"),
        ("I73.9", "other"),
        ("I83.90", "other"),
        ("I70.209", "other"),
        # respiratory and digestive
        ("J44.9", "pulmonology"),
        ("J84.112", "pulmonology"),
        ("J32.9", "other"),
        ("K50.90", "gastroenterology"),
        ("K76.0", "gastroenterology"),
        ("K40.90", "other"),
        ("K05.10", "other"),
        # musculoskeletal
        ("M51.26", "neurosurgery"),
        ("M50.20", "neurosurgery"),
        ("M48.061", "neurosurgery"),
        ("M54.16", "neurosurgery"),
        ("M54.30", "neurosurgery"),
        ("M54.50", "orthopedics"),
        ("M41.9", "orthopedics"),
        ("M43.10", "orthopedics"),
        ("M17.9", "orthopedics"),
        ("M75.100", "orthopedics"),
        ("M06.9", "rheumatology"),
        ("M10.9", "rheumatology"),
        ("M1A.9XX0", "rheumatology"),
        ("M32.9", "rheumatology"),
        ("M45.9", "rheumatology"),
        ("M79.7", "rheumatology"),
        ("M81.0", "endocrinology"),
        ("L40.50", "rheumatology"),
        # genitourinary and pregnancy
        ("N18.9", "nephrology"),
        ("N04.1", "nephrology"),
        ("N20.0", "urology"),
        ("N13.30", "urology"),
        ("N40.0", "urology"),
        ("N39.0", "urology"),
        ("N63.0", "oncology"),
        ("N80.9", "gynecology"),
        ("O24.419", "gynecology"),
        # congenital, symptoms, injuries, status
        ("Q61.3", "nephrology"),
        ("Q21.10", "cardiology"),
        ("Q07.00", "neurosurgery"),
        ("Q05.9", "neurosurgery"),
        ("Q79.60", "rheumatology"),
        ("Q87.40", "cardiology"),
        ("QA0.0101", "neurology"),
        ("R91.1", "pulmonology"),
        ("R97.20", "urology"),
        ("R51.9", "neurology"),
        ("R10.9", "gastroenterology"),
        ("R52", "other"),
        ("S06.0X0A", "neurosurgery"),
        ("S14.109A", "neurosurgery"),
        ("S83.519A", "orthopedics"),
        ("S72.009A", "orthopedics"),
        ("Z85.3", "oncology"),
        ("Z15.01", "oncology"),
        ("F32.A", "other"),
        ("H40.9", "other"),
        ("A41.9", "other"),
        ("B18.2", "gastroenterology"),
        ("F03.90", "neurology"),
        ("F32.A", "other"),
        ("I77.6", "rheumatology"),
    ],
)
def test_specialty_for_code(code: str, expected: str) -> None:
    assert specialty_for_code(code) == expected


def test_accepts_codes_without_dot_and_categories() -> None:
    assert specialty_for_code("I4891") == "cardiology"
    assert specialty_for_code("m51") == "neurosurgery"
    assert specialty_for_code("") == "other"
    assert specialty_for_code("not a code") == "other"


def test_every_specialty_is_in_the_schema_enum() -> None:
    if not SCHEMA.exists():
        pytest.skip("shared spec not present")
    enum = json.loads(SCHEMA.read_text())["properties"]["diagnosis"]["properties"]["specialty"]["enum"]
    assert set(SPECIALTIES) <= set(enum)
