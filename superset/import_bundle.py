# Imports a dashboard bundle (ZIP) into the Superset of SUPERSET_HOME, in one process: run by
# `superset.sh import ZIP USER` with the environment's Python.
#
# `superset import-dashboards` imports a bundle's database only when it is new (it never overwrites
# related objects), but the database's URI is what changes between installations (DuckDB snapshot
# or PostgreSQL as the read-only role, at whatever path or host). So the database goes in first,
# overwritten, then the dashboards with their datasets and charts.
import sys
import zipfile

from flask import g

from superset.app import create_app


def main(path: str, username: str) -> None:
    app = create_app()
    with app.app_context():
        from superset import security_manager
        from superset.commands.dashboard.importers.dispatcher import ImportDashboardsCommand
        from superset.commands.database.importers.dispatcher import ImportDatabasesCommand
        from superset.commands.importers.v1.utils import get_contents_from_bundle
        from superset.utils.core import override_user

        user = security_manager.find_user(username=username)
        if user is None:
            sys.exit(f"no Superset user {username}: run superset.sh setup")
        with zipfile.ZipFile(path) as bundle:
            contents = get_contents_from_bundle(bundle)
        databases = {k: v for k, v in contents.items() if k.startswith("databases/")}
        databases["metadata.yaml"] = "version: 1.0.0\ntype: Database\ntimestamp: '2026-01-01T00:00:00+00:00'\n"
        with override_user(user):
            g.user = user
            ImportDatabasesCommand(databases, overwrite=True).run()
            ImportDashboardsCommand(contents, overwrite=True).run()
        print(f"imported {path}: {len(databases) - 1} database(s), "
              f"{sum(k.startswith('dashboards/') for k in contents)} dashboard(s), "
              f"{sum(k.startswith('charts/') for k in contents)} chart(s), "
              f"{sum(k.startswith('datasets/') for k in contents)} dataset(s)")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
