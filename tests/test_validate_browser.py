"""/validate in a real browser: upload a Word plan, see what was read, rename an objective in the
correction form, check again, and download the corrected plan as the XLSX template.

Uses Debian's Chromium and ChromeDriver, which `make test` installs with
scripts/install_browser.sh; without them this module is skipped with that reason
(the same rule as tests/test_editor_browser.py).
"""

from __future__ import annotations

import io
from pathlib import Path

import requests
from conftest import needs_browser

pytestmark = needs_browser

WAIT = 60  # seconds; the suite shares two cores with the query workers
NEW_TITLE = "Fair pay for every member of staff"


def test_upload_correct_check_again_and_download(browser: object, live_server: str,
                                                 tmp_path: Path) -> None:
    from openpyxl import load_workbook
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    from test_validate_formats import as_docx

    plan = tmp_path / "plan.docx"
    plan.write_bytes(as_docx())
    driver = browser
    # the old page's elements go stale while the next page loads: keep waiting
    wait = WebDriverWait(driver, WAIT, ignored_exceptions=(StaleElementReferenceException,))
    driver.get(live_server + "/validate")  # type: ignore[attr-defined]
    upload = driver.find_element(By.ID, "plan-file")
    assert ".docx" in upload.get_attribute("accept").split(",")
    upload.send_keys(str(plan))
    driver.find_element(By.CSS_SELECTOR, "form.stacked button[type=submit]").click()

    summary = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "p.reading-summary"))
    assert summary[0].text == "We read 3 objectives and 6 steps from your document"
    first = driver.find_element(By.CSS_SELECTOR, "table.reading-table tbody tr")
    assert first.find_element(By.TAG_NAME, "th").text == "Objective 1"
    assert "Fair pay and progression" in first.text

    title = driver.find_element(By.ID, "o1-title")
    assert title.get_attribute("value") == "Fair pay and progression"
    title.clear()
    title.send_keys(NEW_TITLE)
    driver.find_element(By.ID, "check-again").click()

    wait.until(lambda d: "from your corrected plan" in " ".join(
        e.text for e in d.find_elements(By.CSS_SELECTOR, "p.reading-summary")))
    first = driver.find_element(By.CSS_SELECTOR, "table.reading-table tbody tr")
    assert NEW_TITLE in first.text
    assert driver.find_element(By.ID, "o1-title").get_attribute("value") == NEW_TITLE
    assert driver.find_elements(By.CSS_SELECTOR, "table.matrix")  # the findings follow

    # The download buttons post the same form to /validate/corrected.xlsx: send what the browser would.
    button = driver.find_element(By.ID, "download-xlsx")
    fields = driver.execute_script(  # type: ignore[attr-defined]
        "return Array.from(new FormData(arguments[0].form).entries());", button)
    response = requests.post(button.get_property("formAction"), data=fields, timeout=WAIT)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row[0] == "objective")
    objectives = [row[0] for row in rows[header + 1:] if row[0]]
    assert [o.split("\n")[0] for o in objectives] == [NEW_TITLE, "Accessible services",
                                                      "Safer communities"]
