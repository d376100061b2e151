"""The data layer: SQLModel tables, engines, migrations. Only this package runs SQL."""
