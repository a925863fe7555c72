"""Thin Flask layer: the app factory, request context, the REST API and the web pages."""
