"""Terminology for official Chinese: term model, variants, matcher, CSV/TBX codecs, starter data."""
