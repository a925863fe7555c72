"""Interchange formats: one reader/writer module per format behind one registry (service.formats.base).

Adding a format: write its module with a `FORMAT` description, and add it to the line below.
"""

from service.formats import glossary_csv, tbx, tm_csv, tmx
from service.formats.base import register

for _module in (tmx, tm_csv, glossary_csv, tbx):
    register(_module.FORMAT)
