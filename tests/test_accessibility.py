"""WCAG 2.2 AA on every page type, in English and Welsh, in a real browser.

Each page type is opened in headless Chromium (Debian's, as in tests/test_editor_browser.py)
over the live server, then:

- axe-core (scripts/install_axe.sh, injected by the test, never served to visitors) runs the
  rules tagged wcag2a, wcag2aa, wcag21a, wcag21aa and wcag22aa: no violations allowed;
- at 320 CSS pixels wide the page must not scroll sideways (WCAG 1.4.10 reflow);
- (English pages) the keyboard's first stops in the page must each show a focus indicator
  with a contrast of at least 3:1: the page is photographed with and without focus, and the
  pixels that changed must include at least a one-pixel outline's worth whose colours differ
  by 3:1 or more (WCAG 2.4.7, 1.4.11, and the measure of 2.4.13).

The results are summed up in the accessibility statement (/accessibility).
"""

from __future__ import annotations

import io
import subprocess
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from conftest import ROOT, needs_browser

pytestmark = needs_browser

AXE = ROOT / "var" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WAIT = 60  # seconds; the suite shares two cores with the query workers
WIDE, NARROW = 1280, 320
PLAN = ROOT / "tests" / "fixtures" / "validate" / "gaps.csv"
DRAFT = ROOT / "tests" / "corpus" / "westmarch-police-equality-objectives-2024-28.md"
POLICE = "https://w3id.org/eqkg/vocab/sector/police"
ITEMS = ("/coverage/items?concept=https%3A%2F%2Fw3id.org%2Feqkg%2Fvocab%2Fcharacteristic%2Frace"
         "&document=https%3A%2F%2Fw3id.org%2Feqkg%2Fid%2Fplan%2Fgwent-jsep-2020-2024")
# The header, language switch and navigation are the same on every page: their focus is
# checked on the home page, and skipped (by tabbing past) elsewhere.
CHROME_STOPS = 9
MAIN_STOPS = 6


# ---------------------------------------------------------------- how to reach each page type

def _open(path: str) -> Callable[[Any, str, str], None]:
    def go(driver: Any, base: str, lang: str) -> None:
        sep = "&" if "?" in path else "?"
        driver.get(f"{base}{path}{sep}lang={lang}")
    return go


def _editor_after_a_query(driver: Any, base: str, lang: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    _open("/editor")(driver, base, lang)
    wait = WebDriverWait(driver, WAIT)
    run = wait.until(lambda d: [b for b in d.find_elements(By.CSS_SELECTOR, ".yasqe_queryButton")
                                if b.is_displayed()])
    run[0].click()
    wait.until(lambda d: [r for r in d.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr")
                          if r.is_displayed()])


def _validate_with_errors(driver: Any, base: str, lang: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    _open("/validate")(driver, base, lang)
    driver.find_element(By.CSS_SELECTOR, "form.stacked button[type=submit]").click()
    WebDriverWait(driver, WAIT).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ".govuk-error-summary"))


def _validation_report(driver: Any, base: str, lang: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    _open("/validate")(driver, base, lang)
    driver.find_element(By.ID, "plan-file").send_keys(str(PLAN))
    driver.find_element(By.CSS_SELECTOR, "form.stacked button[type=submit]").click()
    WebDriverWait(driver, WAIT).until(lambda d: d.find_elements(By.CSS_SELECTOR, "table.matrix"))


def _correction_with_errors(driver: Any, base: str, lang: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    _validation_report(driver, base, lang)
    driver.find_element(By.ID, "o2-title").clear()
    driver.find_element(By.ID, "check-again").click()
    WebDriverWait(driver, WAIT).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ".govuk-error-summary a[href='#o2-title']"))


def _compared(driver: Any, base: str, lang: str) -> None:
    """/compare with a draft police plan from tests/corpus/ uploaded."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    _open("/compare")(driver, base, lang)
    driver.find_element(By.ID, "compare-file").send_keys(str(DRAFT))
    driver.find_element(By.CSS_SELECTOR, "form.stacked button[type=submit]").click()
    WebDriverWait(driver, WAIT).until(lambda d: d.find_elements(By.ID, "compare-heading"))


def _pdf_form(driver: Any, base: str, lang: str) -> None:
    """The report's correction form scrolled to its buttons, the PDF download among them."""
    from selenium.webdriver.common.by import By

    _validation_report(driver, base, lang)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});",
                          driver.find_element(By.ID, "download-pdf"))


PAGES: dict[str, Callable[[Any, str, str], None]] = {
    "home": _open("/"),
    "saved-queries": _open("/queries"),
    "saved-query-answer": _open("/queries/commitments-by-characteristic"),
    "editor": _open("/editor"),
    "editor-after-query": _editor_after_a_query,
    "validate-form": _open("/validate"),
    "validate-form-with-errors": _validate_with_errors,
    "validation-report": _validation_report,
    "correction-with-errors": _correction_with_errors,
    "plan": _open("/id/plan/gwent-jsep-2020-2024"),
    "organisation": _open("/id/organisation/south-wales-police"),
    "person": _open("/id/person/jeff-cuthbert"),
    "vocab-term": _open("/vocab/characteristic/race"),
    "dataset": _open("/dataset"),
    "error-page": _open("/id/organisation/no-such-body"),
    "accessibility-statement": _open("/accessibility"),
    "help": _open("/help"),
    "privacy": _open("/privacy"),
    "coverage": _open("/coverage"),
    "coverage-filtered": _open(f"/coverage?sector={POLICE}&by=body"),
    "coverage-items": _open(ITEMS),
    "saved-query-chart": _open("/queries/coverage-matrix"),
    "partners": _open("/partners?body=gwent-police&body=opcc-gwent"),
    "compare-form": _open("/compare"),
    "compare-result": _compared,
    "objective-similar": _open("/id/plan/gwent-jsep-2020-2024/objective/4"),
    "pdf-download-form": _pdf_form,
}


# ---------------------------------------------------------------- browser helpers

@pytest.fixture(scope="module")
def axe_source() -> str:
    """axe-core's code, installed on first use by the project's script."""
    if not AXE.is_file():
        subprocess.run([str(ROOT / "scripts" / "install_axe.sh")], check=True)
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def page_browser(browser: Any) -> Iterator[Any]:
    browser.set_script_timeout(120)
    yield browser
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def set_width(driver: Any, width: int, height: int = 900) -> None:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})


def axe_violations(driver: Any, source: str) -> list[dict[str, Any]]:
    """axe-core's violations of the WCAG A/AA rules on the page as it is now."""
    driver.execute_script(source)
    return driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]},"
        " resultTypes: ['violations']})"
        ".then(function (r) { done(r.violations.map(function (v) { return {"
        "  id: v.id, impact: v.impact, help: v.help,"
        "  nodes: v.nodes.slice(0, 5).map(function (n) {"
        "    return n.target.join(' ') + ' :: ' + n.failureSummary; }),"
        "  count: v.nodes.length}; })); })"
        ".catch(function (e) { done([{id: 'axe-error', help: String(e), nodes: [], count: 1}]); });",
        WCAG_TAGS)


def sideways_overflow(driver: Any) -> list[str]:
    """At the current width: how far the page scrolls sideways, and the widest culprits."""
    return driver.execute_script("""
        var root = document.documentElement, width = root.clientWidth;
        var over = Math.max(root.scrollWidth, document.body.scrollWidth) - width;
        if (over <= 0) { return []; }
        var found = ['page is ' + over + 'px wider than the ' + width + 'px window'];
        document.querySelectorAll('body *').forEach(function (el) {
          var r = el.getBoundingClientRect();
          if (r.right > width + 1 && found.length < 8) {
            var p = el.parentElement, clipped = false;
            while (p && p !== document.body) {
              var s = getComputedStyle(p);
              if (s.overflowX !== 'visible' && p.getBoundingClientRect().right <= width + 1) {
                clipped = true; break; }
              p = p.parentElement;
            }
            if (!clipped) { found.push(el.tagName.toLowerCase() + '.' + el.className + ' right=' +
                                       Math.round(r.right)); }
          }
        });
        return found;""")


# sRGB to linear light, for WCAG's relative luminance
_LINEAR = [((c / 255) / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4)
           for c in range(256)]


def _luminance(pixel: tuple[int, ...] | bytes) -> float:
    r, g, b = pixel[:3]
    return 0.2126 * _LINEAR[r] + 0.7152 * _LINEAR[g] + 0.0722 * _LINEAR[b]


def contrast(a: tuple[int, ...] | bytes, b: tuple[int, ...] | bytes) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def focus_change(focused: bytes, unfocused: bytes) -> int:
    """How many pixels differ between the two pictures by a contrast of 3:1 or more."""
    from PIL import Image, ImageChops

    a = Image.open(io.BytesIO(focused)).convert("RGB")
    b = Image.open(io.BytesIO(unfocused)).convert("RGB")
    box = ImageChops.difference(a, b).getbbox()
    if box is None:
        return 0
    a, b = a.crop(box), b.crop(box)
    seen: dict[tuple[bytes, bytes], bool] = {}
    count = 0
    da, db = a.tobytes(), b.tobytes()
    for i in range(0, len(da), 3):
        pa, pb = da[i:i + 3], db[i:i + 3]
        if pa == pb:
            continue
        key = (pa, pb)
        if key not in seen:
            seen[key] = contrast(pa, pb) >= 3
        count += seen[key]
    return count


def weak_focus(driver: Any, first: int, count: int) -> list[str]:
    """Tab from the top of the page; for stops first..first+count-1, those whose focus
    indicator has fewer 3:1 pixels than a one-pixel outline around the control (the part of
    it in the window, with the control scrolled to the middle)."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    # Start from the top: focus the body for a moment, so the next Tab goes to the first stop
    # (not to the one after the button a setup step clicked).
    driver.execute_script("window.scrollTo(0, 0); var b = document.body;"
                          "b.setAttribute('tabindex', '-1'); b.focus({preventScroll: true});"
                          "b.removeAttribute('tabindex');")
    problems: list[str] = []
    seen: list[Any] = []
    for stop in range(first + count):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        if stop < first:
            continue
        info = driver.execute_script("""
            var el = document.activeElement;
            if (!el || el === document.body) { return null; }
            el.scrollIntoView({block: 'center', inline: 'nearest'});
            var r = el.getBoundingClientRect(), vh = window.innerHeight, vw = window.innerWidth;
            var top = Math.max(r.top, 0), bottom = Math.min(r.bottom, vh);
            var w = Math.max(0, Math.min(r.right, vw) - Math.max(r.left, 0));
            var h = Math.max(0, bottom - top);
            // the outline's length that can be on screen: the sides, and the top and bottom
            // edges where they are not cut off by the window
            var edge = 2 * h + (r.top >= 0 ? w : 0) + (r.bottom <= vh ? w : 0);
            return {el: el, edge: edge,
                    name: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                          (el.className && el.className.baseVal === undefined ? '.' + el.className : '') +
                          ' "' + (el.innerText || el.value || '').trim().slice(0, 30) + '"'};""")
        if info is None or any(info["el"] == other for other in seen):
            break  # past the last control, or round again
        seen.append(info["el"])
        time.sleep(0.05)  # the browser paints the focus style
        focused = driver.get_screenshot_as_png()
        driver.execute_script("arguments[0].blur();", info["el"])
        unfocused = driver.get_screenshot_as_png()
        driver.execute_script("arguments[0].focus({preventScroll: true});", info["el"])
        needed = max(20, int(info["edge"]))
        changed = focus_change(focused, unfocused)
        if changed < needed:
            problems.append(f"{info['name']}: {changed} pixels at 3:1, {needed} needed")
    return problems


# ---------------------------------------------------------------- the tests

@pytest.mark.parametrize("lang", ["en", "cy"])
@pytest.mark.parametrize("kind", list(PAGES))
def test_page_meets_wcag_22_aa(page_browser: Any, live_server: str, axe_source: str,
                               kind: str, lang: str) -> None:
    driver = page_browser
    set_width(driver, WIDE)
    PAGES[kind](driver, live_server, lang)
    assert driver.execute_script("return document.documentElement.lang") == lang
    problems: list[str] = []
    for v in axe_violations(driver, axe_source):
        problems.append(f"axe {v['id']} ({v['impact']}, {v['count']} nodes): {v['help']}")
        problems.extend(f"    {n}" for n in v["nodes"])
    if lang == "en":
        first = 0 if kind == "home" else CHROME_STOPS
        count = CHROME_STOPS + MAIN_STOPS if kind == "home" else MAIN_STOPS
        problems.extend(f"focus {p}" for p in weak_focus(driver, first, count))
    set_width(driver, NARROW, 800)
    time.sleep(0.1)
    problems.extend(f"reflow at {NARROW}px: {p}" for p in sideways_overflow(driver))
    set_width(driver, WIDE)
    assert not problems, f"{kind} ({lang}):\n" + "\n".join(problems)


def test_contrast_and_focus_measures() -> None:
    """The measures themselves: WCAG's worked values, and a picture with a 3:1 outline."""
    from PIL import Image, ImageDraw

    assert round(contrast((255, 255, 255), (0, 0, 0)), 1) == 21.0
    assert round(contrast((255, 221, 0), (255, 255, 255)), 2) == 1.35  # GOV.UK yellow on white
    assert round(contrast((11, 12, 12), (255, 221, 0)), 1) == 14.5  # black on that yellow

    def picture(outline: str | None) -> bytes:
        image = Image.new("RGB", (60, 40), "white")
        if outline:
            ImageDraw.Draw(image).rectangle((10, 10, 49, 29), outline=outline, width=3)
        out = io.BytesIO()
        image.save(out, "PNG")
        return out.getvalue()

    plain = picture(None)
    assert focus_change(picture("#0b0c0c"), plain) == 40 * 20 - 34 * 14
    assert focus_change(picture("#ffdd00"), plain) == 0  # yellow alone is too faint on white
    assert focus_change(plain, plain) == 0



def test_the_query_box_is_no_keyboard_trap(page_browser: Any, live_server: str) -> None:
    """WCAG 2.1.2: Tab and Shift+Tab leave the editor's query box (CodeMirror would indent)."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    driver = page_browser
    set_width(driver, WIDE)
    driver.get(live_server + "/editor")
    box = WebDriverWait(driver, WAIT).until(
        lambda d: [t for t in d.find_elements(By.CSS_SELECTOR, ".CodeMirror textarea")
                   if t.get_attribute("aria-label") == "SPARQL query"])[0]
    length = "return document.querySelector('.CodeMirror').CodeMirror.getValue().length"
    active = "return document.activeElement === arguments[0]"
    for keys in ([Keys.TAB], [Keys.SHIFT, Keys.TAB]):
        driver.execute_script("arguments[0].focus();", box)
        before = driver.execute_script(length)
        chain = ActionChains(driver)
        if len(keys) == 2:
            chain.key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT)
        else:
            chain.send_keys(Keys.TAB)
        chain.perform()
        assert not driver.execute_script(active, box), keys
        assert driver.execute_script(length) == before  # no tab character typed
