"""``python -m netwerk.cli``: the same as the ``netwerk`` command."""

from netwerk.cli import app

app()
