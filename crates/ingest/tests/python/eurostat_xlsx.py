"""A second reader of the Eurostat Data Browser XLSX exports, independent of
Chokepoint's: the workbook XML is read with the standard library (zipfile and
regular expressions over the sheet parts), openpyxl is too slow for 22 files.

Prints JSON: per file the number of numeric cells (Chokepoint's rows), a few
cells with their labels, monthly EUR sums of HS 8542 exports by partner, and
for each HS4 heading whose CN8 lines are also exported (in any of the files)
both sums."""
import html
import json
import re
import sys
import zipfile
from collections import defaultdict

SHEET = re.compile(rb'<sheet name="([^"]*)"[^>]*?r:id="([^"]*)"')
REL = re.compile(rb'<Relationship Id="([^"]*)" Target="([^"]*)"')
NUMERIC = re.compile(rb't="n"><v>')
CELL = re.compile(
    rb'<c r="([A-Z]+)(\d+)"[^>]*?t="(\w+)"><(?:v>([^<]*)</v>|is><t[^>]*>([^<]*)</t></is>)</c>'
)
# HS4 headings exported as such (files 01 and 02); their CN8 lines are in other files.
HEADINGS = None
CODE = re.compile(r"\[([^\]]+)\]\s*$")


def cells(xml):
    """{(row, column letters): value} with numbers as floats."""
    out = {}
    for col, row, kind, number, text in CELL.findall(xml):
        if kind == b"n":
            out[(int(row), col.decode())] = float(number)
        else:
            out[(int(row), col.decode())] = html.unescape(text.decode())
    return out


def column_index(letters):
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def product_codes(paths):
    codes = set()
    for path in paths:
        with zipfile.ZipFile(path) as archive:
            for part in archive.namelist():
                if part.startswith("xl/worksheets/sheet"):
                    product = re.search(rb'<c r="C5"[^>]*><is><t[^>]*>([^<]*)</t>', archive.read(part))
                    code = product and CODE.search(html.unescape(product.group(1).decode()))
                    if code:
                        codes.add(code.group(1))
    return codes


def main(paths):
    global HEADINGS
    codes = product_codes(paths)
    # Three headings are enough to show the overlap; all would triple the time.
    HEADINGS = {c for c in ("9026", "9006", "8471") if any(len(x) == 8 and x.startswith(c) for x in codes)}
    result = {"files": {}, "samples": [], "hs8542": defaultdict(lambda: defaultdict(float)), "headings": {}}
    sums = {}
    for path in paths:
        name = path.rsplit("/", 1)[-1]
        with zipfile.ZipFile(path) as archive:
            workbook = archive.read("xl/workbook.xml")
            rels = dict(REL.findall(archive.read("xl/_rels/workbook.xml.rels")))
            numeric = 0
            for sheet_name, rid in SHEET.findall(workbook):
                sheet_name = sheet_name.decode()
                if not sheet_name.startswith("Sheet "):
                    continue
                xml = archive.read("xl/" + rels[rid].decode())
                n = len(NUMERIC.findall(xml))
                numeric += n
                product = re.search(rb'<c r="C5"[^>]*><is><t[^>]*>([^<]*)</t>', xml)
                code = CODE.search(html.unescape(product.group(1).decode())).group(1)
                needs_cells = code.startswith("8542") or sheet_name == "Sheet 2" or code[:4] in HEADINGS
                total = 0.0
                if needs_cells:
                    grid = cells(xml)
                    months = {col: grid[(9, col)] for (r, col) in grid if r == 9 and column_index(col) >= 3}
                    samples = 0
                    for (r, col), value in sorted(grid.items(), key=lambda kv: (kv[0][0], column_index(kv[0][1]))):
                        if r < 12 or col in ("A", "B") or not isinstance(value, float):
                            continue
                        total += value
                        partner = grid[(r, "B")]
                        if code.startswith("8542"):
                            result["hs8542"][partner][months[col]] += value
                        if sheet_name == "Sheet 2" and samples < 3 and value > 0:
                            samples += 1
                            result["samples"].append({
                                "file": name, "sheet": sheet_name, "row": r, "product": code,
                                "reporter": grid[(r, "A")], "partner": partner,
                                "month": months[col], "value": value,
                            })
                    sums[code] = total
            result["files"][name] = numeric
    for code, total in sums.items():
        if len(code) == 4:
            lines = {c: v for c, v in sums.items() if len(c) == 8 and c.startswith(code)}
            if lines:
                result["headings"][code] = {"heading": total, "lines": sum(lines.values()), "n_lines": len(lines)}
    json.dump(result, sys.stdout)


main(sys.argv[1:])
