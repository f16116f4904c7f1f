"""Second-opinion intake assistant: the application package."""
