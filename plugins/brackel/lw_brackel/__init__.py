"""lokal willkommen Brackel: the pilot office for Brackel and Aplerbeck (since 10 Oct 2016)."""
