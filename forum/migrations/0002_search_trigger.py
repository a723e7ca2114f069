"""Forum search on PostgreSQL: a trigger fills each post's `search_vector` (the topic's title,
weight A, for a topic's first post; the body, weight B) with content's `french_unaccent`
configuration, plus a GIN index. A title change refreshes the first post's vector. SQLite
(make run) skips this and searches with a folded LIKE."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION forum_post_search_vector() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.body IS DISTINCT FROM OLD.body OR NEW.number IS DISTINCT FROM OLD.number
       OR NEW.search_vector IS NULL THEN
        NEW.search_vector :=
            setweight(to_tsvector('french_unaccent', CASE WHEN NEW.number = 1 THEN
                coalesce((SELECT title FROM forum_topic WHERE id = NEW.topic_id), '') ELSE '' END), 'A')
            || setweight(to_tsvector('french_unaccent', coalesce(NEW.body, '')), 'B');
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS forum_post_search_vector ON forum_post;
CREATE TRIGGER forum_post_search_vector
    BEFORE INSERT OR UPDATE ON forum_post
    FOR EACH ROW EXECUTE FUNCTION forum_post_search_vector();

CREATE OR REPLACE FUNCTION forum_topic_title_changed() RETURNS trigger AS $$
BEGIN
    IF NEW.title IS DISTINCT FROM OLD.title THEN
        UPDATE forum_post SET search_vector = NULL WHERE topic_id = NEW.id AND number = 1;
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS forum_topic_title_changed ON forum_topic;
CREATE TRIGGER forum_topic_title_changed
    AFTER UPDATE ON forum_topic
    FOR EACH ROW EXECUTE FUNCTION forum_topic_title_changed();

-- Only visible posts are searched: the partial index is the one the search uses.
CREATE INDEX IF NOT EXISTS forum_post_search ON forum_post USING gin (search_vector)
    WHERE is_hidden = false AND is_deleted = false AND is_approved = true;
"""

BACKWARD = """
DROP INDEX IF EXISTS forum_post_search;
DROP TRIGGER IF EXISTS forum_post_search_vector ON forum_post;
DROP FUNCTION IF EXISTS forum_post_search_vector();
DROP TRIGGER IF EXISTS forum_topic_title_changed ON forum_topic;
DROP FUNCTION IF EXISTS forum_topic_title_changed();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    # content's 0002 creates the `french_unaccent` configuration.
    dependencies = [("forum", "0001_initial"), ("content", "0002_search_triggers")]

    operations = [migrations.RunPython(forward, backward)]
