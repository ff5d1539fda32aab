"""A context variable set for the length of a block, as the code in the block sees it."""

from contextlib import contextmanager


@contextmanager
def set_within(variable, value):
    """variable holds value inside the block (this thread or task only); yields value."""
    token = variable.set(value)
    try:
        yield value
    finally:
        variable.reset(token)
