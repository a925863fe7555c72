"""Sentence alignment core: a Chinese text's segments against its English version's, without neural models.

`aligner.align` runs dynamic programming over beads (1-1, 1-2, 2-1, 1-0, 0-1, 2-2, 1-3, 3-1) in a band around
the diagonal; its cost combines a length model (English characters against Chinese characters, calibrated on
the document itself) with lexical evidence (`lexicon`: numbers and dates that agree by value, CC-CEDICT
glosses of jieba's words found in the English, and any renderings a caller adds, such as the glossary's).
"""
