"""Data migrations run for real on the test database: go back to a state, write rows with the
models as they were there, come forward, and read what the migration made of them."""
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets):
    """Migrate to the targets and return the models as they are there."""
    MigrationExecutor(connection).migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def migrated_back_to(targets):
    """For a fixture: the models at `targets`, and every app migrated forward again afterwards."""
    yield migrate(targets)
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
