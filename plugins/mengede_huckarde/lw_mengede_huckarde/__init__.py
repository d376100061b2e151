"""lokal willkommen Mengede/Huckarde: the second office (since 9 Feb 2018)."""
