"""A real browser for the tests: headless Chromium, driven by playwright, as the ``browser`` fixture.

The system's Chromium is used (never a browser downloaded at run time):
``CHAINGRAD_CHROMIUM`` names one, else the first of ``CHROMIUM_NAMES`` on PATH.
Where there is none, or no playwright, the tests that need it *fail* with a
message saying how to install both: a missing browser is never a skip, so that
CI (whose ``.ci/run`` installs them and sets ``CHAINGRAD_REQUIRE_BROWSER=1``)
can never pass without having run them.

``open_page(browser, path)`` opens a file over ``file://`` in a fresh context
and returns a ``BrowserPage``, which records the console's errors, the
uncaught exceptions, every request and every dialog (``alert``) the page makes.
"""

from __future__ import annotations

import os
import pathlib
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

CHROMIUM_VARIABLE = "CHAINGRAD_CHROMIUM"
REQUIRE_VARIABLE = "CHAINGRAD_REQUIRE_BROWSER"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
VIEWPORT = {"width": 1280, "height": 760}

INSTALL_HELP = """\
These tests drive a real browser, headless Chromium, with playwright. Install both:
  Debian/Ubuntu:  sudo apt-get install chromium
  then:           pip install playwright      (it is in the test extra: pip install -e ".[test]")
playwright is launched with the system's Chromium; no browser is downloaded.
Elsewhere, point the CHAINGRAD_CHROMIUM environment variable at a Chromium or Chrome program."""


def find_chromium() -> str | None:
    """The Chromium program to test with: ``CHAINGRAD_CHROMIUM``, else the first of ``CHROMIUM_NAMES`` on PATH."""
    configured = os.environ.get(CHROMIUM_VARIABLE, "")
    if configured:
        return shutil.which(configured)
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def missing_browser(problem: str) -> None:
    """Fail the test (never skip it) with ``problem`` and how to install what is missing."""
    required = os.environ.get(REQUIRE_VARIABLE) == "1"
    where = f" ({REQUIRE_VARIABLE}=1: this run must test in a browser)" if required else ""
    pytest.fail(f"{problem}{where}\n{INSTALL_HELP}", pytrace=False)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A headless Chromium for the whole test session (a playwright ``Browser``)."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        missing_browser("playwright is not installed.")
    path = find_chromium()
    if path is None:
        searched = os.environ.get(CHROMIUM_VARIABLE) or ", ".join(CHROMIUM_NAMES)
        missing_browser(f"No Chromium found (searched: {searched}).")
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=path, headless=True)
        except Error as error:
            missing_browser(f"Chromium at {path} did not start: {error}")
        yield chromium
        chromium.close()


@dataclass
class BrowserPage:
    """A page open in the browser, and what it did: console errors, exceptions, requests, dialogs."""

    page: Any  # a playwright Page
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def close(self) -> None:
        self.page.context.close()


def open_page(browser: Any, path: pathlib.Path, wait_for: str | None = "[data-ready]") -> BrowserPage:
    """Open ``path`` over ``file://`` in a fresh context; wait until ``wait_for`` is in the page (started)."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    opened = BrowserPage(page)
    page.on("console", lambda message: opened.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: opened.errors.append(f"uncaught: {error}"))
    page.on("request", lambda request: opened.requests.append(request.url))

    def refuse(dialog: Any) -> None:
        opened.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", refuse)
    # Nothing may leave the machine: any request over the network is recorded above and refused here.
    context.route("**/*", lambda route: route.abort() if route.request.url.startswith(("http:", "https:", "ws"))
                  else route.continue_())
    page.goto(path.resolve().as_uri())
    if wait_for is not None:
        page.wait_for_selector(wait_for, state="attached")
    return opened
