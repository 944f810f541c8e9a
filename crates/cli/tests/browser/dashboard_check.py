"""Drives headless Chromium through the dashboard pages (Selenium WebDriver).

usage: dashboard_check.py BASE_URL SCREENSHOT_DIR CHROMIUM CHROMEDRIVER SCREENING_NAME
Prints one JSON object: per page, the number of chart data marks, the SEVERE
console messages, the page title and the screenshot path; then the
screening page (SCREENING_NAME typed into the search box and submitted: its
results and explanations) and the entity page its first result links to.
"""
import json
import pathlib
import sys

import chromium as chromium_driver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

base, shots, chromium, chromedriver, screening_name = sys.argv[1:6]
pages = {
    "overview": "/",
    "goods": "/goods?basket=microelectronics&by=year",
    "surges": "/surges?basket=fibre-optic&to=RUS&focus=1",
    "corridors": "/corridors?basket=high-priority&to=RUS",
}


def page_state(driver, shots, name):
    """What every page reports: nav, console errors, title, screenshot."""
    links = driver.execute_script(
        "return Array.from(document.querySelectorAll('nav.pages a')).map(a => a.textContent)")
    severe = chromium_driver.severe_messages(driver)
    shot = str(pathlib.Path(shots) / f"{name}.png")
    driver.save_screenshot(shot)
    return {"url": driver.current_url, "nav": links, "errors": severe,
            "title": driver.title, "screenshot": shot}


def check_screening(driver, base, shots, name):
    """Types `name` into the screening form, submits, follows the first result."""
    driver.get(base + "/screening")
    box = driver.find_element(By.ID, "screening-q")
    box.clear()
    box.send_keys(name)
    driver.find_element(By.ID, "screening-submit").click()
    WebDriverWait(driver, 10).until(lambda d: "q=" in d.current_url)
    result_links = driver.find_elements(By.CSS_SELECTOR, "td a[href^='/entity/']")
    explained = [h.text for h in driver.find_elements(By.TAG_NAME, "h2") if h.text.endswith("why")]
    feature_rows = driver.execute_script(
        "return document.querySelectorAll('#section-2 tbody tr').length")
    screening = page_state(driver, shots, "screening")
    screening.update({
        "results": len(result_links),
        "first_result": result_links[0].text if result_links else None,
        "explained": explained,
        "first_explanation_rows": feature_rows,
        "query_kept": driver.find_element(By.ID, "screening-q").get_attribute("value"),
    })
    entity = {}
    if result_links:
        href = result_links[0].get_attribute("href")
        result_links[0].click()
        WebDriverWait(driver, 10).until(lambda d: d.current_url == href)
        entity = page_state(driver, shots, "entity")
        entity.update({
            "heading": driver.find_element(By.TAG_NAME, "h1").text,
            "sections": [h.text for h in driver.find_elements(By.TAG_NAME, "h2")],
            "owner_chains": [td.text for td in driver.find_elements(
                By.CSS_SELECTOR, "#section-3 tbody td:last-child")],
        })
    return {"screening": screening, "entity": entity}


driver = chromium_driver.start(chromium, chromedriver)
results = {}
try:
    pathlib.Path(shots).mkdir(parents=True, exist_ok=True)
    for name, path in pages.items():
        driver.get(base + path)
        marks = driver.execute_script("return document.querySelectorAll('svg .mark').length")
        charts = driver.execute_script("return document.querySelectorAll('svg').length")
        links = driver.execute_script(
            "return Array.from(document.querySelectorAll('nav.pages a')).map(a => a.textContent)")
        severe = chromium_driver.severe_messages(driver)
        shot = str(pathlib.Path(shots) / f"{name}.png")
        driver.save_screenshot(shot)
        results[name] = {"marks": marks, "charts": charts, "nav": links, "errors": severe,
                         "title": driver.title, "screenshot": shot}
    # Following a surge's link draws that surge's chart.
    driver.get(base + pages["surges"])
    link = driver.find_elements("css selector", "td a[href^='/surges?focus=2']")
    if link:
        link[0].click()
        results["surge_link"] = {"url": driver.current_url,
                                 "charts": driver.execute_script(
                                     "return document.querySelectorAll('svg').length")}
    results.update(check_screening(driver, base, shots, screening_name))
finally:
    driver.quit()
print(json.dumps(results))
