"""Patient safety: detecting emergencies in free text and saying where to get help.

``detect_red_flag(text)`` returns a ``RedFlag`` (category, kind, matched text and
offsets) when a message describes an emergency happening now, and
``emergency_instruction(flag, channel)`` the instruction to send. The rules are in
``red_flags.yml``; ``python -m bot.safety.evaluate`` benchmarks them.
"""
from bot.safety.detector import RedFlag, detect_red_flag, emergency_instruction, warm_up

__all__ = ["RedFlag", "detect_red_flag", "emergency_instruction", "warm_up"]
