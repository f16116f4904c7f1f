"""The project's Rasa NLU components (they wrap bot.clinical and bot.safety)."""
