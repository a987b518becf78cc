"""Who hears that the register changed. Apps above premises read figures computed from it (the
vacancy-rate indicator of initiatives is fed from it), but premises may not import them (the layers:
portal/tests/test_layers.py). So they register a callback here once, in their AppConfig.ready, and
premises.services call `register_changed()` after every write that can move a vacancy figure (a
unit's status, floor or committee).

A callback runs after the transaction that changed the register commits (never for a write that is
rolled back), and once per transaction however many rows it wrote (an import of a whole sheet
recomputes once). A callback that fails is logged and does not undo the register's write, which is
already stored (the figures are derived data: `manage.py vacancy_indicator` computes them again).
"""
import functools

from django.db import transaction

_callbacks = []


def on_register_change(callback):
    """`callback(by=user)` is called after every committed change of the register (`by`: its author)."""
    if callback not in _callbacks:
        _callbacks.append(callback)
    return callback


def _run(by):
    for callback in list(_callbacks):
        callback(by=by)


def register_changed(by=None):
    """Call the registered callbacks once the current transaction commits (now, outside one)."""
    connection = transaction.get_connection()
    # Once per transaction: a hook still queued (not dropped by a savepoint's rollback) will see this write too.
    if connection.in_atomic_block and any(getattr(hook[1], "func", None) is _run for hook in connection.run_on_commit):
        return
    transaction.on_commit(functools.partial(_run, by), robust=True)
