"""pdfplumber peer: the tables (and so the words) of every page of each .pdf in DIR."""
import pathlib
import sys

import pdfplumber

total = 0
for path in sorted(pathlib.Path(sys.argv[1]).glob("*.pdf")):
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            for table in page.extract_tables():
                total += sum(len(cell or "") for row in table for cell in row)
print(total)
