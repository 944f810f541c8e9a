"""Drives headless Chromium through the dashboard pages (Selenium WebDriver).

usage: dashboard_check.py BASE_URL SCREENSHOT_DIR CHROMIUM CHROMEDRIVER
Prints one JSON object: per page, the number of chart data marks, the SEVERE
console messages, the page title and the screenshot path.
"""
import json
import pathlib
import sys

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

base, shots, chromium, chromedriver = sys.argv[1:5]
pages = {
    "overview": "/",
    "goods": "/goods?basket=microelectronics&by=year",
    "surges": "/surges?basket=fibre-optic&to=RUS&focus=1",
    "corridors": "/corridors?basket=high-priority&to=RUS",
}
options = Options()
options.binary_location = chromium
for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=1280,1800"):
    options.add_argument(argument)
options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
driver = webdriver.Chrome(service=Service(chromedriver), options=options)
results = {}
try:
    pathlib.Path(shots).mkdir(parents=True, exist_ok=True)
    for name, path in pages.items():
        driver.get(base + path)
        marks = driver.execute_script("return document.querySelectorAll('svg .mark').length")
        charts = driver.execute_script("return document.querySelectorAll('svg').length")
        links = driver.execute_script(
            "return Array.from(document.querySelectorAll('nav.pages a')).map(a => a.textContent)")
        severe = [entry["message"] for entry in driver.get_log("browser")
                  if entry["level"] == "SEVERE"]
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
finally:
    driver.quit()
print(json.dumps(results))
