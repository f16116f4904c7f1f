"""Web app: patient-facing pages, the intake API and webhooks (aiohttp).

Build it with :func:`bot.web.app.create_app`; run it with ``python -m bot.web``.
"""
