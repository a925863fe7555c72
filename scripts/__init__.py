"""Project scripts (run from the repository root)."""
