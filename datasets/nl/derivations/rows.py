# SPDX-License-Identifier: GPL-3.0-or-later
"""Shared output of the derivation scripts that write supply.csv and sources.csv rows."""


def quote(text):
    """A CSV cell in double quotes (inner quotes doubled)."""
    return '"' + text.replace('"', '""') + '"'


def print_blocks(supply, sources, summary):
    """Prints the supply.csv rows, the sources.csv rows and a closing summary comment."""
    print("# supply.csv")
    print("\n".join(supply))
    print("# sources.csv")
    print("\n".join(sources))
    print(f"# {summary}")
