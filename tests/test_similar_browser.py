"""Issue 16's pages at 320 px (WCAG 2.2 reflow) in a real browser: no sideways scrolling."""

from __future__ import annotations

import time
from pathlib import Path

from conftest import needs_browser

DRAFT = Path(__file__).parent / "corpus" / "westmarch-police-equality-objectives-2024-28.md"


@needs_browser
def test_pages_fit_320_px(browser, live_server: str) -> None:
    from selenium.webdriver.common.by import By

    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": 320, "height": 800, "deviceScaleFactor": 1, "mobile": True})
    try:
        widths = {}
        for path in ("/partners?body=gwent-police&body=south-wales-police&lang=cy",
                     "/partners?body=opcc-gwent&body=gwent-police"):
            browser.get(live_server + path)
            widths[path] = browser.execute_script("return document.documentElement.scrollWidth")
        browser.get(live_server + "/id/plan/gwent-jsep-2020-2024/objective/4")
        widths["block"] = browser.execute_script(
            "return document.querySelector('section.similar').scrollWidth")
        browser.get(live_server + "/compare?lang=cy")
        browser.find_element(By.ID, "compare-file").send_keys(str(DRAFT.resolve()))
        browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not browser.find_elements(By.ID, "compare-heading"):
            time.sleep(0.5)
        assert browser.find_elements(By.ID, "compare-heading")
        widths["compare"] = browser.execute_script("return document.documentElement.scrollWidth")
        assert all(w <= 320 for w in widths.values()), widths
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
