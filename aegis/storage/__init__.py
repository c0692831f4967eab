"""Everything Aegis keeps, behind peewee, on SQLite or PostgreSQL. Returns domain objects, never rows."""
