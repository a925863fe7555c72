"""Interchange formats: one reader/writer module per format behind one registry (service.formats.base).

Adding a format: write its module with a `FORMAT` description, and add it to the line below.
"""

from service.formats import glossary_csv, glossary_tsv, tbx, tm_csv, tmx, xliff
from service.formats.base import register

# Content detection asks the formats in this order: tab-separated text before CSV, which takes any other text.
for _module in (tmx, xliff, tm_csv, glossary_tsv, glossary_csv, tbx):
    register(_module.FORMAT)
