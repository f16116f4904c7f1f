"""Ways in for patients and navigators: the web chat, SMS and the console's assist mode.

Public channels live in the web app; each binds a conversation to its owner and passes
messages to Rasa through the internal trusted channel (trusted_rest.py) with
rasa_client.py.
"""
