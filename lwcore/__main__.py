"""``python -m lwcore`` is ``lw``."""

from lwcore.cli import main

main()
