"""A second reader of the IMF IMTS wide CSV (Python's csv module): the number
of non-empty year cells (Chokepoint's rows) and, per year, Russia's goods
imports from China and from the World (G001) in USD, as JSON."""
import csv
import json
import sys

rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
years = [k for k in rows[0] if k.isdigit()]
cells = sum(1 for r in rows for y in years if r[y] != "")
imports = {"CHN": {}, "G001": {}}
for r in rows:
    if r["INDICATOR.ID"] == "MG_CIF_USD" and r["COUNTERPART_COUNTRY.ID"] in imports:
        scale = 10 ** int(r["SCALE.ID"])
        for y in years:
            if r[y] != "":
                imports[r["COUNTERPART_COUNTRY.ID"]][y] = float(r[y]) * scale
json.dump({"cells": cells, "china": imports["CHN"], "world": imports["G001"]}, sys.stdout)
