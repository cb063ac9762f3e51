"""python-docx peer: every paragraph and every table cell's text of each .docx in DIR."""
import pathlib
import sys

import docx

total = 0
for path in sorted(pathlib.Path(sys.argv[1]).glob("*.docx")):
    document = docx.Document(str(path))
    for paragraph in document.paragraphs:
        total += len(paragraph.text)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                total += len(cell.text)
print(total)
