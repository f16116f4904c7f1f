"""review_service."""
