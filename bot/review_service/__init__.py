"""Reference review service: receives completed intakes over HTTP.

It stands in for a hospital's physicians' review system so that the handoff can be
tested end to end. It is a separate system from the assistant: it has its own settings,
its own database and its own tables, and shares nothing with the assistant but the
contract in ``../shared/spec/interfaces.md`` and the intake record schema.

Run it with ``python -m bot.review_service``.
"""
