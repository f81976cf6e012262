"""CBS Kerncijfers wijken en buurten 2024 for gemeente Raalte (see ``SOURCE.md``).

Not a seed of its own: ``python -m seeds.cbs.convert`` writes ``gebieden.csv`` here from the
unmodified copy in ``source/``, and ``netwerk seed demo`` loads it with the demo
(:data:`netwerk.services.seeding.SEED_EXTRAS`).
"""
