"""Artifact declarations, one module per topic (found by ``registry.load_all()``)."""
