"""Recomputed: the science behind five Alignment Newsletter issues, recomputed at build time."""
