"""The YASGUI editor in a real browser: it starts from local files only, with the
project's prefixes, opens an example and runs it against /sparql over HTTP.

Uses Debian's Chromium and ChromeDriver, which `make test` installs with
scripts/install_browser.sh; without them this module is skipped with that reason.
"""

from __future__ import annotations

from conftest import needs_browser

pytestmark = needs_browser

EXAMPLE = "Protected characteristics (English and Welsh)"
WAIT = 60  # seconds; the suite shares two cores with the query workers


def editor_text(driver: object) -> str:
    """The query in the editor of the tab on show."""
    return driver.execute_script(  # type: ignore[attr-defined]
        "var editors = Array.from(document.querySelectorAll('.yasqe .CodeMirror'))"
        ".filter(function (e) { return e.offsetParent !== null; });"
        "return editors.length ? editors[0].CodeMirror.getValue() : null;")


def test_the_editor_runs_an_example_query(browser: object, live_server: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver = browser
    driver.get(live_server + "/editor")  # type: ignore[attr-defined]
    wait = WebDriverWait(driver, WAIT)
    wait.until(lambda d: editor_text(d) is not None)
    assert "PREFIX eq: <https://w3id.org/eqkg/ontology#>" in editor_text(driver)

    driver.find_element(By.XPATH, f"//button[normalize-space()='{EXAMPLE}']").click()
    wait.until(lambda d: "eq:ProtectedCharacteristic" in (editor_text(d) or ""))
    query = editor_text(driver)
    assert query.startswith("PREFIX ") and "skos:prefLabel ?en , ?cy" in query

    run = [b for b in driver.find_elements(By.CSS_SELECTOR, ".yasqe_queryButton")
           if b.is_displayed()]
    assert len(run) == 1
    run[0].click()

    def answer_rows(d: object) -> list[str]:
        rows = [r.text for r in d.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr")
                if r.is_displayed()]
        return rows if len(rows) == 9 else []

    rows = wait.until(answer_rows)
    # YASR shows IRIs with the page's prefixes and literals with their language tags.
    assert any("pc:race" in r and '"race"@en' in r and '"hil"@cy' in r for r in rows), rows
    assert any("pc:age" in r and '"oedran"@cy' in r for r in rows), rows

    fetched = driver.execute_script(
        "return performance.getEntriesByType('resource').map(function (e) "
        "{ return e.name; });")
    assert fetched and all(url.startswith(live_server + "/") for url in fetched), fetched
    assert any(url.startswith(live_server + "/sparql") for url in fetched)
