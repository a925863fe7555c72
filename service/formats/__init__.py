"""Interchange formats: one reader/writer module per format behind one registry."""
