"""French full-text search on PostgreSQL, kept up to date by the database itself.

Creates the text search configuration `french_unaccent` (French stemming after unaccent, so
"etudes" finds "études"), one trigger per searched table that fills its `search_vector` on
insert and on update of the searched columns (queryset updates and bulk inserts included), and
a GIN index per table. SQLite (make run) skips all this and searches with icontains.
"""

from django.db import migrations

CONFIG = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
        ALTER TEXT SEARCH CONFIGURATION french_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
    END IF;
END $$;
"""

# table: (A columns, B columns, C columns)
TABLES = {
    "content_capsule": (["title"], ["summary"], ["transcript"]),
    "content_article": (["title"], ["summary"], ["body_markdown"]),
    "content_organisation": (["name"], ["municipality", "languages"], ["description", "address"]),
    "content_professionalorder": (["name_fr", "regulated_titles"], ["name_variants"], ["foreign_trained_path"]),
}


def _concat(columns: list[str]) -> str:
    return " || ' ' || ".join(f"coalesce(NEW.{column}, '')" for column in columns)


def trigger_sql(table: str, weights: tuple[list[str], list[str], list[str]]) -> str:
    columns = [column for group in weights for column in group]
    changed = "\n       OR ".join(f"NEW.{column} IS DISTINCT FROM OLD.{column}" for column in columns)
    vector = "\n            || ".join(
        f"setweight(to_tsvector('french_unaccent', {_concat(group)}), '{weight}')"
        for group, weight in zip(weights, "ABC", strict=True)
    )
    return f"""
CREATE OR REPLACE FUNCTION {table}_search_vector() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT'
       OR {changed} THEN
        NEW.search_vector :=
            {vector};
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS {table}_search_vector ON {table};
CREATE TRIGGER {table}_search_vector
    BEFORE INSERT OR UPDATE ON {table}
    FOR EACH ROW EXECUTE FUNCTION {table}_search_vector();

CREATE INDEX IF NOT EXISTS {table}_search ON {table} USING gin (search_vector);
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CONFIG, params=None)
    for table, weights in TABLES.items():
        schema_editor.execute(trigger_sql(table, weights), params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(
            f"DROP INDEX IF EXISTS {table}_search; DROP TRIGGER IF EXISTS {table}_search_vector ON {table}; "
            f"DROP FUNCTION IF EXISTS {table}_search_vector();",
            params=None,
        )
    schema_editor.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent;", params=None)


class Migration(migrations.Migration):
    dependencies = [("content", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
