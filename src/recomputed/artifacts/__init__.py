"""Artifact declarations, one module per topic; imported by recomputed.registry.load_all()."""
