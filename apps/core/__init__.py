"""Django plumbing every app may use; it imports no other app (see docs/architecture.md)."""
