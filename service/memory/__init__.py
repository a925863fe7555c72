"""Translation-memory logic: match keys, the fuzzy index, match scoring and drafts, TMX and CSV codecs.

Pure logic over plain data: no Flask, no SQL. Storage and HTTP layers wrap these modules.
"""
