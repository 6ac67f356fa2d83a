"""vgrklass serve in a real browser: Debian's chromium driven by Selenium through the
system's chromedriver (nothing is downloaded). A registrar types a query, sees the hit
appear, follows it and a cross-reference, all by keyboard; the form works without
JavaScript; axe-core finds no WCAG 2.1 A/AA violations; no CSP violation or script
error on any page; the pages fit a phone; print hides navigation and forms.

Skipped only when chromium is not installed (CI installs it, and there a skip fails
the run); chromium without chromedriver is an error, not a skip.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import threading
import time
from importlib.resources import files

import pytest
from tests.serve_data import DAY, WEB

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium är inte installerat")

PAGES = ["/", "/?q=leverantörsfaktura", "/?q=ingenting", "/nod/2.1.1", "/nod/2.1.2",
         f"/nod/2.1?datum={DAY}", "/struktur", "/struktur?alla=1", "/klassificera", "/api",
         "/nod/9.9"]
FOCUS_YELLOW = "rgba(255, 221, 0, 1)"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app on a free port of 127.0.0.1, in a thread of this process."""
    import uvicorn

    from vgrklass.web.app import create_app

    root = tmp_path_factory.mktemp("serve")
    data = root / "struktur.yaml"
    data.write_text(WEB, encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("VGRKLASS_CACHE_DIR", str(root / "cache"))
        app = create_app(data, poll=None)
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        deadline = time.monotonic() + 20
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.started
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def make_driver(javascript: bool = True, width: int = 1280, height: int = 900):
    driver_path = shutil.which("chromedriver")
    if driver_path is None:
        pytest.fail("chromium finns men inte chromedriver: apt-get install chromium-driver")
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must never download
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--window-size={width},{height}", "--lang=sv-SE", "--no-first-run",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync"):
        options.add_argument(arg)
    if not javascript:
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(executable_path=driver_path), options=options)


@pytest.fixture(scope="module")
def driver():
    browser = make_driver()
    yield browser
    browser.quit()


@contextlib.contextmanager
def browser(**kwargs):
    instance = make_driver(**kwargs)
    try:
        yield instance
    finally:
        instance.quit()


def press(driver, *keys) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(driver).send_keys(*keys).perform()


def active(driver):
    return driver.switch_to.active_element


def tab_to(driver, matches, presses: int = 80):
    """Press Tab until the focused element matches; return it."""
    from selenium.webdriver.common.keys import Keys

    for _ in range(presses):
        press(driver, Keys.TAB)
        element = active(driver)
        if matches(element):
            return element
    raise AssertionError("kom aldrig dit med Tab")


def wait_for(driver, condition, timeout: float = 15):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(condition)


def test_type_see_hit_follow_it_and_a_reference_by_keyboard(server, driver):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver.get(server + "/")
    tab_to(driver, lambda e: e.get_attribute("id") == "q", presses=20)
    press(driver, "leverantörsfakturor")
    hit = wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "a.hit-link"))[0]
    assert hit.get_attribute("href").endswith("/nod/2.1.1")
    assert "Hantera kostnader från leverantör" in hit.text
    assert "q=leverant" in driver.current_url  # the address can be shared
    status = driver.find_element(By.ID, "sokstatus").get_attribute("textContent")
    assert status == "1 träff för ”leverantörsfakturor”"

    press(driver, Keys.ARROW_DOWN)
    assert active(driver).get_attribute("href") == hit.get_attribute("href")
    assert active(driver).value_of_css_property("background-color") == FOCUS_YELLOW
    press(driver, Keys.ENTER)
    wait_for(driver, lambda d: d.current_url.endswith("/nod/2.1.1"))

    reference = tab_to(driver, lambda e: (e.get_attribute("href") or "").endswith("/nod/1.1"))
    assert "Utföra politiskt ledningsarbete" in reference.text
    press(driver, Keys.ENTER)
    wait_for(driver, lambda d: d.current_url.endswith("/nod/1.1"))
    assert "Utföra politiskt ledningsarbete" in driver.find_element(By.TAG_NAME, "h1").text
    # and back again: 1.1 is referred to from 2.1.1, a link too
    assert driver.find_elements(By.CSS_SELECTOR, "#hanvisningar ~ ul a[href='/nod/2.1.1']")


def test_arrow_keys_move_between_hits_and_escape_returns(server, driver):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver.get(server + "/?q=faktura")
    hits = driver.find_elements(By.CSS_SELECTOR, "a.hit-link")
    assert len(hits) >= 1
    driver.find_element(By.ID, "q").click()
    press(driver, Keys.ARROW_DOWN)
    assert active(driver).get_attribute("href") == hits[0].get_attribute("href")
    press(driver, Keys.ESCAPE)
    assert active(driver).get_attribute("id") == "q"


def test_the_form_works_without_javascript(server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    with browser(javascript=False) as plain:
        plain.get(server + "/")
        box = plain.find_element(By.ID, "q")
        box.send_keys("följesedel", Keys.ENTER)
        wait_for(plain, lambda d: "q=f" in d.current_url)
        links = plain.find_elements(By.CSS_SELECTOR, "a.hit-link")
        assert [a.get_attribute("href") for a in links] == [server + "/nod/2.1.1"]


def test_the_date_chooser_carries_through_links(server, driver):
    from selenium.webdriver.common.by import By

    driver.get(server + "/struktur?datum=2020-06-01")
    driver.find_element(By.CSS_SELECTOR, "a[href^='/nod/2.1.2']").click()
    wait_for(driver, lambda d: "/nod/2.1.2" in d.current_url)
    assert driver.current_url.endswith("?datum=2020-06-01")
    assert "2020-06-01" in driver.find_element(By.CLASS_NAME, "date-banner").text


@pytest.mark.parametrize("path", PAGES)
def test_no_accessibility_violations(server, driver, path):
    """axe-core (shipped by selenium-axe-python) on the WCAG 2.0/2.1 A and AA rules."""
    source = (files("selenium_axe_python") / "axe-core" / "axe.min.js").read_text("utf-8")
    driver.get(server + path)
    driver.execute_script(source)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}).then(done);")
    violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert violations == []
    assert len(result["passes"]) > 10  # it really ran


def test_no_csp_violation_or_script_error_on_any_page(server, driver):
    from selenium.webdriver.common.by import By

    driver.get_log("browser")  # start clean
    for path in PAGES:
        driver.get(server + path)
    driver.get(server + "/")
    driver.find_element(By.ID, "q").send_keys("protokoll")
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#resultat section"))
    problems = [entry["message"] for entry in driver.get_log("browser")
                if entry["level"] == "SEVERE" and "/nod/9.9" not in entry["message"]]
    assert problems == []


@pytest.mark.parametrize("path", ["/?q=faktura", "/nod/2.1.1", "/struktur", "/api"])
def test_pages_fit_a_phone(server, path):
    with browser(width=390, height=844) as phone:
        phone.get(server + path)
        width = phone.execute_script(
            "return [document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1]


def test_print_hides_navigation_and_forms(server, driver):
    from selenium.webdriver.common.by import By

    driver.get(server + "/nod/2.1.1")
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        nav = driver.find_element(By.CSS_SELECTOR, "header.site nav")
        assert not nav.is_displayed()
        assert driver.find_element(By.TAG_NAME, "h1").is_displayed()
        assert driver.find_element(By.ID, "exempel").is_displayed()
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert driver.print_page()  # a PDF comes out
