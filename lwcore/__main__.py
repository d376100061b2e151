"""``python -m lwcore`` is ``lw``."""

from lwcore.start import main

main()
