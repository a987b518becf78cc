"""The portal has no models of its own. This module exists because Django sends post_migrate only to
apps with a models module, and portal's hooks (portal.apps: the role groups' permissions, a new content
version) must run after every `migrate`, once every other app's permissions exist."""
