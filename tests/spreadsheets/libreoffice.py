#!/usr/bin/env python3
"""What LibreOffice makes of kehoach's CSV and XLSX (the measurement behind
the README's "CSV in a spreadsheet"; needs `soffice` and the `en_US.UTF-8`
and `vi_VN.UTF-8` locales, so it is run by hand, not in CI).

    tests/spreadsheets/libreoffice.py [path/to/kehoach]

1. Converts seed 000 to CSV with and without the byte order mark and
   imports each with `soffice --headless --convert-to xlsx` in both locales:
   with no filter options (what a headless conversion does by default),
   with the Text Import dialog's first-use defaults (separators , ; Tab,
   quote ", UTF-8 — the charset the dialog preselects for a file that
   starts with a UTF-8 BOM —, "Format quoted field as text" and "Detect
   special numbers" off), with "Format quoted field as text" ticked, and
   with the column types of the flat contract (README: the import string).
   For each it counts the ids kept as printed text, the Vietnamese text
   cells intact, the number cells read as numbers and the ISO dates read as
   dates.
2. Writes one workbook of the samples with `--format xlsx`, converts it back
   to CSV with LibreOffice and checks every id and text cell against the
   JSONL records.
"""
import csv, json, os, re, shutil, subprocess, sys, tempfile, zipfile
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KEHOACH = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, 'target/debug/kehoach')
SEED = os.path.join(ROOT, 'fixtures/seeds/000_546985720e17fb0b.txt')
SAMPLES = [SEED, os.path.join(ROOT, 'fixtures/samples/002-tasks.docx'), os.path.join(ROOT, 'fixtures/samples/000-framework.xlsx')]
WORK = tempfile.mkdtemp(prefix='kehoach-lo-')
NS = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'
LOCALES = ('en_US.UTF-8', 'vi_VN.UTF-8')
ID_KEYS = ('section', 'target_id', 'task_id', 'activity_id')
TEXT_KEYS = ('section_title', 'task', 'lead', 'deadline')
NUMBER_KEYS = ('table', 'confidence', 'line', 'column')
DATE_KEYS = ('deadline_start', 'deadline_end')


def kehoach(*args):
    return subprocess.run([KEHOACH, *args], check=True, capture_output=True).stdout


def soffice(locale, *args):
    profile = f'file://{WORK}/profile-{locale}'
    env = dict(os.environ, LANG=locale, LC_ALL=locale)
    subprocess.run(['soffice', f'-env:UserInstallation={profile}', '--headless', *args],
                   env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def xlsx_rows(path):
    """The first sheet as rows of (kind, value): 's' text, 'n' number."""
    z = zipfile.ZipFile(path)
    shared = []
    if 'xl/sharedStrings.xml' in z.namelist():
        for si in ET.fromstring(z.read('xl/sharedStrings.xml')).iter(NS + 'si'):
            shared.append(''.join(t.text or '' for t in si.iter(NS + 't')))
    rows = []
    for row in ET.fromstring(z.read('xl/worksheets/sheet1.xml')).iter(NS + 'row'):
        cells = {}
        for c in row.iter(NS + 'c'):
            letters = re.match(r'[A-Z]+', c.get('r')).group(0)
            col = 0
            for ch in letters:
                col = col * 26 + ord(ch) - 64
            kind, v = c.get('t', 'n'), c.find(NS + 'v')
            if kind == 's':
                cells[col - 1] = ('s', shared[int(v.text)])
            elif kind == 'inlineStr':
                cells[col - 1] = ('s', ''.join(t.text or '' for t in c.iter(NS + 't')))
            elif kind == 'str':
                cells[col - 1] = ('s', v.text or '')
            elif v is not None:
                cells[col - 1] = (kind, v.text)
        rows.append([cells.get(i, ('', '')) for i in range(max(cells) + 1 if cells else 0)])
    return rows


def column_types(header, schema):
    """The CSV filter's column formats from the flat schema: dates YMD (5),
    numbers and booleans US English (10), everything else text (2)."""
    out = []
    for i, name in enumerate(header):
        types = schema['properties'][name].get('type', [])
        types = types if isinstance(types, list) else [types]
        kind = 5 if name in DATE_KEYS else 10 if {'number', 'integer', 'boolean'} & set(types) else 2
        out.append(f'{i + 1}/{kind}')
    return '/'.join(out)


def csv_import():
    with_bom = os.path.join(WORK, 'seed000.csv')
    without = os.path.join(WORK, 'seed000-nobom.csv')
    open(with_bom, 'wb').write(kehoach('convert', '--format', 'csv', SEED))
    open(without, 'wb').write(kehoach('convert', '--format', 'csv', '--csv-bom=false', SEED))
    truth = list(csv.reader(open(without, encoding='utf-8', newline='')))
    header = truth[0]
    schema = json.loads(kehoach('schema', '--flat'))
    filters = {
        'no options': None,
        'dialog defaults': '44/59/9,34,76,1,,0,false,false',
        'dialog, quoted field as text': '44/59/9,34,76,1,,0,true,false',
        'column types (README)': f'44,34,76,1,{column_types(header, schema)},0,false,false',
    }
    print(f'seed 000: {len(truth) - 1} records\n')
    print('| LANG | BOM | import options | A1 | ids as printed text | ids read as numbers (changed) '
          '| Vietnamese cells intact | numbers as numbers | ISO dates as dates |')
    print('|---|---|---|---|---|---|---|---|---|')
    n = 0
    for locale in LOCALES:
        for bom, src in (('yes', with_bom), ('no', without)):
            for name, options in filters.items():
                n += 1
                out = os.path.join(WORK, f'import-{n}')
                args = ['--convert-to', 'xlsx', '--outdir', out]
                if options is not None:
                    args.append(f'--infilter=Text - txt - csv (StarCalc):{options}')
                soffice(locale, *args, src)
                rows = xlsx_rows(os.path.join(out, os.path.basename(src)[:-4] + '.xlsx'))
                counts = {}
                for key_set, label in ((ID_KEYS, 'ids'), (TEXT_KEYS, 'text'), (NUMBER_KEYS, 'numbers'), (DATE_KEYS, 'dates')):
                    total = good = as_number = changed = 0
                    for want, got in zip(truth[1:], rows[1:]):
                        for key in key_set:
                            i = header.index(key)
                            if not want[i]:
                                continue
                            total += 1
                            kind, value = got[i] if i < len(got) else ('', '')
                            if label in ('ids', 'text'):
                                good += kind == 's' and value == want[i]
                                as_number += kind == 'n'
                                changed += kind == 'n' and value != want[i]
                            else:
                                good += kind == 'n'
                    counts[label] = (good, total, as_number, changed)
                a1 = 'doc' if rows[0][0] == ('s', 'doc') else repr(rows[0][0][1])
                ids, text, numbers, dates = (counts[k] for k in ('ids', 'text', 'numbers', 'dates'))
                print(f'| {locale} | {bom} | {name} | {a1} | {ids[0]}/{ids[1]} | {ids[2]} ({ids[3]}) '
                      f'| {text[0]}/{text[1]} | {numbers[0]}/{numbers[1]} | {dates[0]}/{dates[1]} |')
    print(f'\ncolumn types import string:\n44,34,76,1,{column_types(header, schema)},0,false,false\n')


def xlsx_round_trip():
    book = os.path.join(WORK, 'samples.xlsx')
    kehoach('convert', '-q', '--format', 'xlsx', '-o', book, *SAMPLES)
    records = []
    for path in SAMPLES:
        records += [json.loads(l) for l in kehoach('convert', '--format', 'jsonl', path).decode().splitlines()]
    for locale in LOCALES:
        out = os.path.join(WORK, f'back-{locale}')
        soffice(locale, '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1', '--outdir', out, book)
        rows = list(csv.reader(open(os.path.join(out, 'samples.csv'), encoding='utf-8', newline='')))
        header, rows = rows[0], rows[1:]
        assert len(rows) == len(records), (len(rows), len(records))
        checked = bad = 0
        for record, row in zip(records, rows):
            for key in ID_KEYS + TEXT_KEYS + ('doc', 'activity', 'target'):
                if record[key] is None:
                    continue
                checked += 1
                bad += row[header.index(key)] != record[key]
        ids = sum(1 for r in records for k in ID_KEYS if r[k])
        print(f'XLSX of {len(SAMPLES)} samples ({len(records)} records) back to CSV by LibreOffice, {locale}: '
              f'{checked - bad}/{checked} id and text cells equal to the JSONL ({ids} ids)')


if __name__ == '__main__':
    try:
        csv_import()
        xlsx_round_trip()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
