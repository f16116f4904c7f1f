"""URL routes of the review service."""
from __future__ import annotations

from aiohttp import web

from bot.review_service import views


def setup_routes(app: web.Application) -> None:
    """Adds the service's routes to ``app``."""
    app.router.add_post("/intakes", views.post_intake, name="post_intake")
    app.router.add_get("/intakes", views.list_intakes, name="list_intakes")
    app.router.add_get("/intakes/{reference}", views.get_intake, name="get_intake")
    app.router.add_get("/admin/faults", views.get_faults, name="get_faults")
    app.router.add_post("/admin/faults", views.set_faults, name="set_faults")
    app.router.add_get("/admin/stats", views.get_stats, name="get_stats")
    app.router.add_get("/health", views.health, name="health")
