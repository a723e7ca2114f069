"""Smaller search vectors: the long texts (transcript, article body, descriptions) keep their
lexemes but not their positions (strip), so each row's vector is a fraction of its former size
and a search that matches thousands of rows reads and ranks far less. Titles (A) and summaries
(B) keep positions and weights, which is what ranking mostly rests on. Existing rows are
recomputed here; the triggers do it from now on.
"""

from django.db import migrations

TABLES = {
    "content_capsule": (["title"], ["summary"], ["transcript"]),
    "content_article": (["title"], ["summary"], ["body_markdown"]),
    "content_organisation": (["name"], ["municipality", "languages"], ["description", "address"]),
    "content_professionalorder": (["name_fr", "regulated_titles"], ["name_variants"], ["foreign_trained_path"]),
}


def _concat(columns: list[str], row: str) -> str:
    return " || ' ' || ".join(f"coalesce({row}{column}, '')" for column in columns)


def vector_sql(weights, row: str) -> str:
    a, b, c = weights
    return (
        f"setweight(to_tsvector('french_unaccent', {_concat(a, row)}), 'A')"
        f" || setweight(to_tsvector('french_unaccent', {_concat(b, row)}), 'B')"
        f" || strip(to_tsvector('french_unaccent', {_concat(c, row)}))"
    )


def trigger_sql(table: str, weights) -> str:
    columns = [column for group in weights for column in group]
    changed = "\n       OR ".join(f"NEW.{column} IS DISTINCT FROM OLD.{column}" for column in columns)
    return f"""
CREATE OR REPLACE FUNCTION {table}_search_vector() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT'
       OR {changed} THEN
        NEW.search_vector := {vector_sql(weights, "NEW.")};
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
UPDATE {table} SET search_vector = {vector_sql(weights, "")};
"""


def old_trigger_sql(table: str, weights) -> str:
    from importlib import import_module

    return import_module("content.migrations.0002_search_triggers").trigger_sql(table, weights)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, weights in TABLES.items():
        schema_editor.execute(trigger_sql(table, weights), params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, weights in TABLES.items():
        schema_editor.execute(old_trigger_sql(table, weights), params=None)


class Migration(migrations.Migration):
    dependencies = [("content", "0003_reference_data")]

    operations = [migrations.RunPython(forward, backward)]
