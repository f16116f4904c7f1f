"""Storage: the application database (models, migrations, stores) and Rasa's tracker and lock stores."""
