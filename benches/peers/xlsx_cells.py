"""openpyxl peer: every cell value of every sheet of each .xlsx in DIR."""
import pathlib
import sys

import openpyxl

total = 0
for path in sorted(pathlib.Path(sys.argv[1]).glob("*.xlsx")):
    workbook = openpyxl.load_workbook(str(path), data_only=True)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                if value is not None:
                    total += len(str(value))
print(total)
