"""``POST``/``GET analyze`` (the live notebook, or a file under the root), ``GET config`` and the
HTML report card (``GET``/``POST report.html``)."""

from __future__ import annotations

import os
import time
from typing import Any

from tornado import web
from tornado.escape import url_escape

from ..core.config import RULE_IDS, describe
from .handlers import BaseHandler, PostedNotebookHandler, api_errors
from .root_paths import clean_path


class AnalyzeHandler(PostedNotebookHandler):
    """POST: the live notebook from the UI (delta protocol). GET: a file under the root."""

    @web.authenticated
    @api_errors
    async def post(self) -> None:
        started = time.perf_counter()
        request, answer, ms = await self.analyse_posted(patches=True)
        self.reply_json({**answer, "seq": request.seq, "path": request.path}, started, ms)

    @web.authenticated
    @api_errors
    async def get(self) -> None:
        started = time.perf_counter()
        path = clean_path(self.get_query_argument("path", None))
        report, ms = await self.analyse_file(path)
        self.reply_json(report, started, ms)


class ConfigHandler(BaseHandler):
    @web.authenticated
    @api_errors
    async def get(self) -> None:
        started = time.perf_counter()
        settings = self.state.settings
        reply = {
            "defaults": describe(),
            "effective": self.state.effective,
            "rules": list(RULE_IDS),
            "server": settings.limits(),
        }
        self.reply_json(reply, started, 0.0)


class ReportHtmlHandler(PostedNotebookHandler):
    """The HTML report card: GET for a saved file, POST for the live notebook (unsaved edits)."""

    @web.authenticated
    @api_errors
    async def get(self) -> None:
        path = clean_path(self.get_query_argument("path", None))
        report, _ = await self.analyse_file(path)
        await self.send_card(report, path)

    @web.authenticated
    @api_errors
    async def post(self) -> None:
        request, report, _ = await self.analyse_posted()
        await self.send_card(report, request.path or "notebook.ipynb")

    async def send_card(self, report: dict[str, Any], path: str) -> None:
        from ..render.html import render_html  # only this endpoint needs the HTML renderer

        title = os.path.basename(path)
        html, _ = await self.run(True, render_html, {**report, "path": path}, title)
        stem = os.path.splitext(title)[0] or "notebook"
        ascii_name = "".join(
            c if c.isascii() and (c.isalnum() or c in "-_.") else "_" for c in stem
        )
        quoted = url_escape(f"{stem}.tinyscaffold.html", plus=False)
        self.set_header(
            "Content-Disposition",
            f"attachment; filename=\"{ascii_name}.tinyscaffold.html\"; filename*=UTF-8''{quoted}",
        )
        self.finish(html, set_content_type="text/html; charset=UTF-8")


HANDLERS = (
    ("analyze", AnalyzeHandler),
    ("config", ConfigHandler),
    ("report.html", ReportHtmlHandler),
)
