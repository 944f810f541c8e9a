"""Opens the dashboard's /live page in headless Chromium (Selenium WebDriver),
waits for its alert stream to connect, posts a shipment to POST /shipments and
waits for the alert to appear in the page without a reload.

usage: live_alerts_check.py BASE_URL TOKEN SCREENSHOT_DIR CHROMIUM CHROMEDRIVER
Prints one JSON object: rows before, the new row's cells (or null), chart
marks, SEVERE console messages and the screenshot path.
"""
import json
import pathlib
import sys
import time
import urllib.request

import chromium as chromium_driver

base, token, shots, chromium, chromedriver = sys.argv[1:6]
DECLARATION = "BROWSER-LIVE-1"
record = {
    "declaration_id": DECLARATION, "date": "2025-11-21", "hs_code": "8542310000",
    "shipper_name": "Nordwell Electronics (Shenzhen) Co., Ltd.",
    "shipper_address": "No. 5 Huanguan South Road, Longhua District, Shenzhen 518110", "shipper_country": "CN",
    "consignee_name": "Tengri Logistic Service LLC", "consignee_address": "Ibraimov Street 103, office 7, Bishkek 720011",
    "consignee_country": "KG", "origin_country": "CN", "dispatch_country": "CN", "destination_country": "KG",
    "manufacturer": "Nordwell Electronics (Shenzhen) Co., Ltd.", "brand": "Nordwell",
    "value": 30000, "currency": "USD", "net_weight_kg": 2, "quantity": 1200, "quantity_unit": "u",
}


def wait_for(predicate, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    return None


driver = chromium_driver.start(chromium, chromedriver)
result = {}
try:
    pathlib.Path(shots).mkdir(parents=True, exist_ok=True)
    driver.get(base + "/live")
    result["marks"] = driver.execute_script("return document.querySelectorAll('svg .mark').length")
    result["rows_before"] = driver.execute_script(
        "return document.querySelectorAll('#live-alerts tbody tr').length")
    result["connected"] = bool(wait_for(lambda: driver.execute_script(
        "return document.getElementById('live-status').textContent.startsWith('live')"), 15))
    request = urllib.request.Request(
        base + "/shipments", data=(json.dumps(record) + "\n").encode(), method="POST",
        headers={"Authorization": "Bearer " + token, "Content-Type": "application/x-ndjson"})
    with urllib.request.urlopen(request, timeout=60) as response:
        result["post_status"] = response.status
    selector = f"#live-alerts tbody tr[data-declaration-id='{DECLARATION}']"
    result["new_row"] = wait_for(lambda: driver.execute_script(
        "var row = document.querySelector(arguments[0]);"
        "return row ? Array.from(row.cells).map(c => c.textContent) : null;", selector), 20)
    result["rows_after"] = driver.execute_script(
        "return document.querySelectorAll('#live-alerts tbody tr').length")
    result["errors"] = chromium_driver.severe_messages(driver)
    shot = str(pathlib.Path(shots) / "live.png")
    driver.save_screenshot(shot)
    result["screenshot"] = shot
finally:
    driver.quit()
print(json.dumps(result))
