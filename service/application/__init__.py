"""The application layer: every API route, web page and CLI command goes through it."""
