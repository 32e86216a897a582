"""The SPARQL editor on a Welsh page, in a real browser: YASGUI's own wording (buttons,
tabs, the table's controls) is Welsh once a query has run, none of it English.

Uses Debian's Chromium (scripts/install_browser.sh), like tests/test_editor_browser.py.
"""

from __future__ import annotations

from conftest import needs_browser

from eqkg import i18n

pytestmark = needs_browser
WAIT = 60  # seconds; the suite shares two cores with the query workers

SHOWN = """
var root = document.getElementById('yasgui'), out = [];
var walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
while (walker.nextNode()) {
  var n = walker.currentNode;
  if (n.nodeType === 3) {
    var p = n.parentElement;
    if (p.closest('.CodeMirror, table tbody, .yasr_response, code, pre')) continue;
    if (p.offsetParent !== null && n.nodeValue.trim()) out.push(n.nodeValue.trim());
  } else {
    ['title', 'aria-label', 'placeholder'].forEach(function (a) {
      var v = n.getAttribute(a); if (v) out.push(v.trim());
    });
  }
}
return out;
"""


def test_the_welsh_editor_shows_yasgui_in_welsh(browser: object, live_server: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver = browser
    driver.get(live_server + "/editor?lang=cy")  # type: ignore[attr-defined]
    wait = WebDriverWait(driver, WAIT)
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".yasqe_queryButton"))
    run = [b for b in driver.find_elements(By.CSS_SELECTOR, ".yasqe_queryButton")
           if b.is_displayed()]
    run[0].click()
    wait.until(lambda d: [r for r in d.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr")
                          if r.is_displayed()])
    shown = driver.execute_script(SHOWN)  # type: ignore[attr-defined]
    english = {i18n.t(k, "en") for k in i18n.MESSAGES if k.startswith("yasgui.")}
    english -= {i18n.t(k, "cy") for k in i18n.MESSAGES if k.startswith("yasgui.")}
    assert not english & set(shown), sorted(english & set(shown))
    assert "Rhedeg yr ymholiad" in shown and "Hidlo canlyniadau'r ymholiad" in shown
    assert "Tabl" in shown and "Ymateb" in shown
    assert any(s.startswith("25 canlyniad mewn ") for s in shown), shown
    assert not any("results in" in s or "Activate to sort" in s for s in shown), shown
