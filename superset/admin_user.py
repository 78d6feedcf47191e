# Creates Superset's admin user, or sets its password: run by `superset.sh setup` with the
# environment's Python. The password comes in the environment (CRICKET_ADMIN_PASSWORD), never in
# the command line, where `ps` would show it to every user of the machine; it is never printed.
import os
import sys

from superset.app import create_app


def main(username: str) -> None:
    password = os.environ.pop("CRICKET_ADMIN_PASSWORD", "")
    if not password:
        sys.exit("CRICKET_ADMIN_PASSWORD is empty")
    app = create_app()
    with app.app_context():
        from superset import security_manager as sm

        user = sm.find_user(username=username)
        if user is None:
            role = sm.find_role("Admin")
            if role is None:
                sys.exit("no Admin role: superset init has not run")
            if not sm.add_user(username, "Cricket", "Admin", f"{username}@localhost", role, password=password):
                sys.exit(f"cannot create the admin user {username}")
            print(f"admin user {username} created")
        else:
            sm.reset_password(user.id, password)
            print(f"admin user {username}: password set")


if __name__ == "__main__":
    main(sys.argv[1])
