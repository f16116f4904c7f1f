"""Language understanding of patient text: the project's own spaCy components and extractors."""
