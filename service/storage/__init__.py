"""Storage: SQLAlchemy models, engine and sessions, dialect-specific SQL, repositories and migrations."""
