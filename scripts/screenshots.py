"""Screenshots of the main pages for README.md, in English and Welsh, wide and narrow.

    .venv/bin/python scripts/screenshots.py [--store var/store] [--out docs/screenshots]

Starts `eqkg serve` on a free loopback port over the store (build it first with
`make load`), opens each page in headless Chromium (Debian's, as the browser tests use:
scripts/install_browser.sh) at 1280 and 390 CSS pixels wide, and saves the first
screenful of each as docs/screenshots/<page>-<lang>-<width>.png (256 colours, to keep
the repository small). A page the server does not have (404) is left out with a note,
so the script can be re-run as pages are added (the coverage heatmap, /coverage).
"""

from __future__ import annotations

import argparse
import io
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "tests" / "fixtures" / "validate" / "gaps.csv"
WIDTHS = {1280: 1000, 390: 844}  # width: height of the screenful, CSS pixels
LANGS = ("en", "cy")


def _open(path: str) -> Callable[[Any, str, str], None]:
    def go(driver: Any, base: str, lang: str) -> None:
        sep = "&" if "?" in path else "?"
        driver.get(f"{base}{path}{sep}lang={lang}")
    return go


def _report(driver: Any, base: str, lang: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    _open("/validate")(driver, base, lang)
    driver.find_element(By.ID, "plan-file").send_keys(str(PLAN))
    driver.find_element(By.CSS_SELECTOR, "form.stacked button[type=submit]").click()
    WebDriverWait(driver, 60).until(lambda d: d.find_elements(By.CSS_SELECTOR, "table.matrix"))
    # the coverage matrix, rather than the reading that opens the report
    driver.execute_script("var m = document.querySelector('table.matrix');"
                          "window.scrollTo(0, m.getBoundingClientRect().top + window.scrollY - 160);")


def _coverage(driver: Any, base: str, lang: str) -> None:
    """The heatmap itself, rather than the filters above it."""
    _open("/coverage")(driver, base, lang)
    driver.execute_script("var m = document.querySelector('.eqkg-heatmap');"
                          "window.scrollTo(0, m.getBoundingClientRect().top + window.scrollY - 60);")


PAGES: dict[str, tuple[str, Callable[[Any, str, str], None]]] = {
    "home": ("/", _open("/")),
    "saved-query-answer": ("/queries/commitments-by-characteristic",
                           _open("/queries/commitments-by-characteristic")),
    "coverage": ("/coverage", _coverage),
    "plan": ("/id/plan/gwent-jsep-2020-2024", _open("/id/plan/gwent-jsep-2020-2024")),
    "validation-report": ("/validate", _report),
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(store: Path) -> tuple[subprocess.Popen[bytes], str]:
    """`eqkg serve` on a free loopback port, once it answers."""
    import requests

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "eqkg.cli", "--store", str(store), "serve",
                             "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"eqkg serve stopped (exit {proc.returncode}); is {store} a store?")
        try:
            requests.get(base + "/", timeout=2)
            return proc, base
        except requests.ConnectionError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("eqkg serve did not start within 60 s")


def browser() -> Any:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--disable-gpu", "--hide-scrollbars", "--window-size=1400,1000"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def shoot(driver: Any, base: str, out: Path, names: list[str]) -> list[Path]:
    """Every page in `names`, in both languages and both widths; returns the files written."""
    import requests
    from PIL import Image

    written: list[Path] = []
    for name in names:
        path, go = PAGES[name]
        if requests.get(base + path, timeout=60).status_code == 404:
            print(f"{name}: {path} is not on this server, left out")
            continue
        for lang in LANGS:
            for width, height in WIDTHS.items():
                driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                    "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
                go(driver, base, lang)
                time.sleep(0.3)
                image = Image.open(io.BytesIO(driver.get_screenshot_as_png())).convert("RGB")
                target = out / f"{name}-{lang}-{width}.png"
                image.quantize(colors=256).save(target, optimize=True)
                written.append(target)
                print(target.relative_to(ROOT) if target.is_relative_to(ROOT) else target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, default=ROOT / "var" / "store")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--pages", default=",".join(PAGES),
                        help=f"comma-separated, from: {', '.join(PAGES)}")
    args = parser.parse_args(argv)
    names = [n for n in args.pages.split(",") if n]
    unknown = sorted(set(names) - set(PAGES))
    if unknown:
        parser.error(f"unknown page(s) {', '.join(unknown)}; choose from {', '.join(PAGES)}")
    if not args.store.is_dir():
        parser.error(f"no store at {args.store}: run `make load` first")
    args.out.mkdir(parents=True, exist_ok=True)
    proc, base = serve(args.store)
    driver = browser()
    try:
        shoot(driver, base, args.out, names)
    finally:
        driver.quit()
        proc.terminate()
        proc.wait(timeout=10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
