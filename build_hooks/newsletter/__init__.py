"""What belongs to this site alone, wired in by ``build_hooks/recomputed_hooks.py``: links for
mentions of newsletter issues (:mod:`.issues`), the RSS feed of the issue pages
(:mod:`.feed`) and the glossary table (:mod:`.glossary`).

Nothing here computes or imports the engine: the hook hands these functions what the
``recomputed`` plugin has loaded.
"""
