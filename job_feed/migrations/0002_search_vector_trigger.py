"""French full-text search on PostgreSQL, maintained by the database itself.

A text search configuration `job_feed_fr` (French stemming after unaccent, so "Montreal" finds
"Montréal"), a trigger that fills job_feed_joboffer.search_vector on insert and on update of
the searched columns (bulk upserts included), and a GIN index. SQLite (make run) skips this
and searches with icontains.
"""

from django.db import migrations

FORWARD = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'job_feed_fr') THEN
        CREATE TEXT SEARCH CONFIGURATION job_feed_fr (COPY = french);
        ALTER TEXT SEARCH CONFIGURATION job_feed_fr
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
    END IF;
END $$;

CREATE OR REPLACE FUNCTION job_feed_joboffer_search_vector() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT'
       OR NEW.title IS DISTINCT FROM OLD.title
       OR NEW.employer IS DISTINCT FROM OLD.employer
       OR NEW.municipality IS DISTINCT FROM OLD.municipality
       OR NEW.description IS DISTINCT FROM OLD.description THEN
        NEW.search_vector :=
            setweight(to_tsvector('job_feed_fr', coalesce(NEW.title, '')), 'A')
            || setweight(to_tsvector('job_feed_fr', coalesce(NEW.employer, '') || ' ' || coalesce(NEW.municipality, '')), 'B')
            || setweight(to_tsvector('job_feed_fr', coalesce(NEW.description, '')), 'C');
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER job_feed_joboffer_search_vector
    BEFORE INSERT OR UPDATE ON job_feed_joboffer
    FOR EACH ROW EXECUTE FUNCTION job_feed_joboffer_search_vector();

CREATE INDEX IF NOT EXISTS joboffer_search ON job_feed_joboffer USING gin (search_vector);
"""

BACKWARD = """
DROP INDEX IF EXISTS joboffer_search;
DROP TRIGGER IF EXISTS job_feed_joboffer_search_vector ON job_feed_joboffer;
DROP FUNCTION IF EXISTS job_feed_joboffer_search_vector();
DROP TEXT SEARCH CONFIGURATION IF EXISTS job_feed_fr;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("job_feed", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
