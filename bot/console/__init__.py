"""Care navigator console: staff sign-in, the intake list and page, assist mode and takeover.

Mounted under ``/console`` on the web app by :func:`bot.console.app.setup`. Every page
needs a signed-in navigator; every view of a patient's data is written to the audit log.
"""
