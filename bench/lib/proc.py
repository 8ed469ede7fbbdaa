"""Shared by the bench scripts' inline Python (they put this folder on sys.path)."""


def alive(pid):
    """Whether the process runs; a zombie (ended, not yet reaped by its shell) does not."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(") ", 1)[1][0] != "Z"
    except OSError:
        return False
