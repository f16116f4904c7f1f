"""rasa-sdk actions of the intake assistant: one action per module.

The action server is started with ``python -m rasa_sdk --actions actions``; every module
of this package is imported and its actions registered.
"""
