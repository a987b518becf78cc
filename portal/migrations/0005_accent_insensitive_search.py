"""Search that ignores accents ("salek" finds "Šalek", "zalozba" finds "Založba").

PostgreSQL's own `unaccent` extension (contrib, trusted: the database owner may create it) and, as
its documentation shows, a text search configuration that runs every word through it before the
"simple" dictionary, so the searched texts and the typed words are folded the same way.
portal.search uses it by name (SEARCH_CONFIG).
"""
from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

CREATE = """
CREATE TEXT SEARCH CONFIGURATION portal_search (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION portal_search
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part, numword, numhword, hword_numpart
    WITH unaccent, simple;
"""
DROP = "DROP TEXT SEARCH CONFIGURATION IF EXISTS portal_search;"


class Migration(migrations.Migration):
    dependencies = [("portal", "0004_i12_pgonly_delete_contentversion")]
    operations = [UnaccentExtension(), migrations.RunSQL(CREATE, DROP)]
